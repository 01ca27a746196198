/* Waiting on descriptors and sockets: pipe2, poll, ppoll, select, pselect,
 * epoll, eventfd, timerfd; socketpair with SCM_RIGHTS, TCP and UDP over
 * loopback, socket options, sendmsg/recvmsg, getsockname. Compared with the
 * native run. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_wait(void)
{
    int p[2], efd, ep, tfd, n;
    struct pollfd pf[2];
    fd_set rs;
    struct timeval tv = { 0, 1000 };
    struct timespec ts = { 0, 1000000 };
    struct epoll_event ev, out[4];
    struct itimerspec its = { { 0, 0 }, { 0, 5000000 } };
    uint64_t v = 0;

    n = pipe2(p, O_CLOEXEC | O_NONBLOCK);
    printf("pipe2 %d cloexec %d\n", n, fcntl(p[0], F_GETFD));
    pf[0].fd = p[0];
    pf[0].events = POLLIN;
    pf[1].fd = p[1];
    pf[1].events = POLLOUT;
    n = poll(pf, 2, 0);
    printf("poll %d rev %x %x\n", n, pf[0].revents, pf[1].revents);
    write(p[1], "x", 1);
    n = ppoll(pf, 1, &ts, NULL);
    printf("ppoll %d rev %x\n", n, pf[0].revents);
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    n = select(p[0] + 1, &rs, NULL, NULL, &tv);
    printf("select %d isset %d\n", n, FD_ISSET(p[0], &rs));
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    n = pselect(p[0] + 1, &rs, NULL, NULL, &ts, NULL);
    printf("pselect %d\n", n);
    ep = epoll_create1(EPOLL_CLOEXEC);
    ev.events = EPOLLIN;
    ev.data.u64 = 0x1122334455667788ull;
    printf("epoll_ctl %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
    efd = eventfd(3, EFD_NONBLOCK);
    ev.data.u64 = 42;
    epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
    n = epoll_wait(ep, out, 4, 100);
    printf("epoll_wait %d", n);
    for (int i = 0; i < n; i++) {
        printf(" %llx:%x", (unsigned long long)out[i].data.u64, out[i].events);
    }
    printf("\n");
    n = read(efd, &v, 8);
    printf("eventfd read %d value %llu", n, (unsigned long long)v);
    n = read(efd, &v, 8);
    printf(" again %d errno %d\n", n, errno == EAGAIN);
    tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    timerfd_settime(tfd, 0, &its, NULL);
    n = read(tfd, &v, 8);
    printf("timerfd %d expirations %llu\n", n, (unsigned long long)v);
    close(tfd);
    close(efd);
    close(ep);
    close(p[0]);
    close(p[1]);
}

static void test_unix(void)
{
    int sv[2], p[2], fd = -1;
    char data[16] = "", cbuf[CMSG_SPACE(sizeof(int))];
    struct msghdr m;
    struct iovec iov = { "fdpass", 6 };
    struct cmsghdr *c;

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(p);
    memset(&m, 0, sizeof(m));
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = cbuf;
    m.msg_controllen = sizeof(cbuf);
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[1], sizeof(int));
    printf("sendmsg %zd\n", sendmsg(sv[0], &m, 0));
    memset(&m, 0, sizeof(m));
    memset(cbuf, 0, sizeof(cbuf));
    iov.iov_base = data;
    iov.iov_len = sizeof(data) - 1;
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = cbuf;
    m.msg_controllen = sizeof(cbuf);
    printf("recvmsg %zd '%s'", recvmsg(sv[1], &m, 0), data);
    c = CMSG_FIRSTHDR(&m);
    if (c && c->cmsg_type == SCM_RIGHTS) {
        memcpy(&fd, CMSG_DATA(c), sizeof(int));
    }
    printf(" got fd %d\n", fd >= 0);
    write(fd, "via passed fd", 13);
    memset(data, 0, sizeof(data));
    read(p[0], data, 13);
    printf("passed fd works '%s'\n", data);
    close(sv[0]);
    close(sv[1]);
}

static void test_inet(void)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    int srv, cl, conn, one = 1, val = 0, u1, u2;
    char buf[64] = "";
    struct timeval tv = { 2, 500000 };
    pid_t pid;

    srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    one = bind(srv, (void *)&a, sizeof(a));
    printf("bind %d", one);
    printf(" listen %d\n", listen(srv, 4));
    one = 1;
    getsockname(srv, (void *)&a, &len);
    printf("getsockname len %d family %d port>0 %d\n", len, a.sin_family, ntohs(a.sin_port) > 0);
    pid = fork();
    if (pid == 0) {
        cl = socket(AF_INET, SOCK_STREAM, 0);
        connect(cl, (void *)&a, sizeof(a));
        send(cl, "hello tcp", 9, 0);
        recv(cl, buf, sizeof(buf), 0);
        _exit(strcmp(buf, "HELLO TCP") ? 1 : 0);
    }
    conn = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
    len = sizeof(val);
    setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    getsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &val, &len);
    printf("nodelay %d len %d\n", val != 0, len);
    setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    memset(&tv, 0, sizeof(tv));
    len = sizeof(tv);
    getsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
    printf("rcvtimeo %ld.%06ld len %d\n", (long)tv.tv_sec, (long)tv.tv_usec, len);
    memset(buf, 0, sizeof(buf));
    printf("recv %zd '%s'\n", recv(conn, buf, sizeof(buf), 0), buf);
    for (int i = 0; buf[i]; i++) {
        buf[i] = buf[i] >= 'a' && buf[i] <= 'z' ? buf[i] - 32 : buf[i];
    }
    send(conn, buf, strlen(buf), 0);
    {
        int st;
        waitpid(pid, &st, 0);
        printf("tcp client status %d\n", WEXITSTATUS(st));
    }
    close(conn);
    close(srv);

    u1 = socket(AF_INET, SOCK_DGRAM, 0);
    u2 = socket(AF_INET, SOCK_DGRAM, 0);
    a.sin_port = 0;
    bind(u1, (void *)&a, sizeof(a));
    len = sizeof(a);
    getsockname(u1, (void *)&a, &len);
    printf("sendto %zd\n", sendto(u2, "datagram", 8, 0, (void *)&a, sizeof(a)));
    {
        struct sockaddr_in from;
        socklen_t flen = sizeof(from);
        memset(buf, 0, sizeof(buf));
        printf("recvfrom %zd '%s'", recvfrom(u1, buf, sizeof(buf), 0, (void *)&from, &flen),
               buf);
        printf(" from loopback %d\n", from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    }
    close(u1);
    close(u2);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_wait();
    test_unix();
    test_inet();
    return 0;
}
