/* System V IPC: shared memory (shmget/shmat/shmdt/shmctl, seen by a forked
 * child), semaphores (semget/semop/semctl) and message queues
 * (msgget/msgsnd/msgrcv/msgctl). Compared with the native run. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

struct msg {
    long type;
    char text[32];
};

int main(void)
{
    int shm, sem, mq, st;
    char *p;
    struct shmid_ds ds;
    struct sembuf op = { 0, 1, 0 };
    struct msg m = { 5, "queued message" }, r;

    setvbuf(stdout, NULL, _IONBF, 0);
    shm = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
    p = shmat(shm, NULL, 0);
    printf("shmat ok %d\n", p != (void *)-1);
    if (fork() == 0) {
        strcpy(p + 4096, "written by child");
        _exit(0);
    }
    wait(&st);
    printf("shared: '%s'\n", p + 4096);
    st = shmctl(shm, IPC_STAT, &ds);
    printf("shmctl %d size %zu nattch %lu mode %o\n", st, ds.shm_segsz,
           (unsigned long)ds.shm_nattch, ds.shm_perm.mode & 0777);
    st = shmdt(p);
    printf("shmdt %d", st);
    printf(" rmid %d\n", shmctl(shm, IPC_RMID, NULL));

    sem = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    printf("semctl setval %d\n", semctl(sem, 0, SETVAL, 3));
    st = semop(sem, &op, 1);
    printf("semop %d value %d\n", st, semctl(sem, 0, GETVAL));
    op.sem_op = -4;
    st = semop(sem, &op, 1);
    printf("semop down %d value %d\n", st, semctl(sem, 0, GETVAL));
    {
        unsigned short vals[2] = { 7, 9 }, got[2] = { 0, 0 };
        struct semid_ds sds;
        union { int val; struct semid_ds *buf; unsigned short *array; } u;
        int r1, r2, r3;
        u.array = vals;
        r1 = semctl(sem, 0, SETALL, u);
        u.array = got;
        r2 = semctl(sem, 0, GETALL, u);
        u.buf = &sds;
        r3 = semctl(sem, 0, IPC_STAT, u);
        printf("setall %d getall %d %d %d stat %d nsems %lu\n", r1, r2, got[0], got[1], r3,
               (unsigned long)sds.sem_nsems);
    }
    printf("sem rmid %d\n", semctl(sem, 0, IPC_RMID));

    mq = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    printf("msgsnd %d\n", msgsnd(mq, &m, sizeof(m.text), 0));
    memset(&r, 0, sizeof(r));
    {
        ssize_t n = msgrcv(mq, &r, sizeof(r.text), 0, 0);
        struct msqid_ds q;
        int r1;
        printf("msgrcv %zd type %ld '%s'", n, r.type, r.text);
        r1 = msgctl(mq, IPC_STAT, &q);
        printf(" stat %d qnum %lu\n", r1, (unsigned long)q.msg_qnum);
    }
    printf("msg rmid %d\n", msgctl(mq, IPC_RMID, NULL));
    return 0;
}
