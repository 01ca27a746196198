/* The main thread exits (pthread_exit) while another thread goes on; the
 * process lives until that thread ends it with exit(5). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_t main_thread;

static void *worker(void *arg)
{
    usleep(100000);
    printf("worker still running, main joined: %d\n", pthread_join(main_thread, NULL) == 0);
    fflush(stdout);
    exit(5);
}

int main(void)
{
    pthread_t t;

    main_thread = pthread_self();
    pthread_create(&t, NULL, worker, NULL);
    printf("main exits first\n");
    fflush(stdout);
    pthread_exit(NULL);
}
