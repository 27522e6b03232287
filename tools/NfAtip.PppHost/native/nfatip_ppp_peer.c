//-----------------------------------------------------------------------------
//
//  nfatip-ppp-peer: one PPP endpoint on the PC, the board's PPP session core
//  (firmware/native/NfAtip.Ppp/nfatip_ppp.c) over lwIP built from Debian's
//  source, on a Unix stream socket as the line. One process, one lwIP, one
//  session: two of them on one socket are the two ends of a call.
//
//    nfatip-ppp-peer (--listen|--connect) SOCKET --role client|server
//                    --user U --password P [--our A.B.C.D --peer A.B.C.D]
//                    [--dns A.B.C.D [--dns2 A.B.C.D]] [--tcp-echo A.B.C.D:PORT]
//                    [--timeout-ms N]
//
//  Prints "up local=… peer=… dns1=… dns2=…" when IPCP is up, "ended ppp-error=N"
//  when the session ends. A client with --tcp-echo sends a line over the link to
//  a TCP echo service and prints "tcp-echo ok" or "tcp-echo failed …"; then it
//  closes (LCP terminate). A server stays until the client ends the session. Exit: 0 the session came up and
//  ended cleanly, 1 it ended without coming up, 2 bad arguments, 3 the line
//  could not be set up, 4 the time limit passed.
//
//-----------------------------------------------------------------------------

#include "nfatip_ppp.h"
#include "nfatip_ppp_port.h"
#include "nfatip_ppp_port_host.h"
#include "nfatip_ppp_peer_tcp.h"

#include <lwip/tcpip.h>

#include <arpa/inet.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static sem_t s_tcpipReady;

static void TcpipReady(void *arg)
{
    (void)arg;
    sem_post(&s_tcpipReady);
}

static long NowMs(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static const char *Dotted(uint32_t a, char *buffer)
{
    snprintf(buffer, 16, "%u.%u.%u.%u", (a >> 24) & 0xFF, (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF);
    return buffer;
}

static int ParseAddress(const char *text, uint32_t *out)
{
    struct in_addr a;
    if (text == NULL || inet_pton(AF_INET, text, &a) != 1)
    {
        return 0;
    }
    *out = ntohl(a.s_addr);
    return 1;
}

static int Line(const char *path, int listening)
{
    struct sockaddr_un address;
    memset(&address, 0, sizeof(address));
    address.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(address.sun_path))
    {
        return -1;
    }
    strcpy(address.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
    {
        return -1;
    }
    if (!listening)
    {
        return connect(fd, (struct sockaddr *)&address, sizeof(address)) == 0 ? fd : -1;
    }
    unlink(path);
    if (bind(fd, (struct sockaddr *)&address, sizeof(address)) != 0 || listen(fd, 1) != 0)
    {
        return -1;
    }
    printf("listening %s\n", path);
    fflush(stdout);
    int peer = accept(fd, NULL, NULL);
    close(fd);
    return peer;
}

int main(int argc, char **argv)
{
    const char *socketPath = NULL, *role = NULL, *user = "", *password = "";
    int listening = 0;
    uint32_t our = 0, peer = 0, dns1 = 0, dns2 = 0;
    long timeoutMs = 30000;
    uint32_t echoAddress = 0;
    int echoPort = 0;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        const char *o = argv[i], *v = argv[i + 1];
        if (strcmp(o, "--listen") == 0) { socketPath = v; listening = 1; }
        else if (strcmp(o, "--connect") == 0) { socketPath = v; }
        else if (strcmp(o, "--role") == 0) { role = v; }
        else if (strcmp(o, "--user") == 0) { user = v; }
        else if (strcmp(o, "--password") == 0) { password = v; }
        else if (strcmp(o, "--our") == 0) { if (!ParseAddress(v, &our)) return 2; }
        else if (strcmp(o, "--peer") == 0) { if (!ParseAddress(v, &peer)) return 2; }
        else if (strcmp(o, "--dns") == 0) { if (!ParseAddress(v, &dns1)) return 2; }
        else if (strcmp(o, "--dns2") == 0) { if (!ParseAddress(v, &dns2)) return 2; }
        else if (strcmp(o, "--tcp-echo") == 0)
        {
            char host[32];
            const char *colon = strrchr(v, ':');
            if (colon == NULL || colon - v >= (long)sizeof(host)) return 2;
            memcpy(host, v, (size_t)(colon - v));
            host[colon - v] = '\0';
            if (!ParseAddress(host, &echoAddress)) return 2;
            echoPort = atoi(colon + 1);
        }
        else if (strcmp(o, "--timeout-ms") == 0) { timeoutMs = atol(v); }
        else { fprintf(stderr, "nfatip-ppp-peer: unknown option %s\n", o); return 2; }
    }
    if (argc % 2 == 0 || socketPath == NULL || role == NULL || (strcmp(role, "client") != 0 && strcmp(role, "server") != 0))
    {
        fprintf(stderr, "usage: nfatip-ppp-peer (--listen|--connect) SOCKET --role client|server --user U --password P [--our A --peer B] [--dns A [--dns2 B]] [--timeout-ms N]\n");
        return 2;
    }
    int server = strcmp(role, "server") == 0;

    int fd = Line(socketPath, listening);
    if (fd < 0)
    {
        perror("nfatip-ppp-peer: line");
        return 3;
    }
    sem_init(&s_tcpipReady, 0, 0);
    tcpip_init(TcpipReady, NULL);
    sem_wait(&s_tcpipReady);

    nfatip_port_host_set_line(fd);
    nfatip_ppp_set_server_dns(dns1, dns2);
    int rc = nfatip_ppp_open(0, 115200, -1, -1, -1, -1, server, user, password, our, peer);
    if (rc != NFATIP_PPP_OPEN_OK)
    {
        printf("open %d\n", rc);
        return 3;
    }

    long deadline = NowMs() + timeoutMs;
    int wasUp = 0, closing = 0;
    for (;;)
    {
        int status = nfatip_ppp_status();
        int state = status & 0xFF;
        if (state == NFATIP_PPP_STATE_UP && !wasUp)
        {
            char a[16], b[16], c[16], d[16];
            printf("up local=%s peer=%s dns1=%s dns2=%s\n", Dotted(nfatip_ppp_address(0), a), Dotted(nfatip_ppp_address(1), b),
                   Dotted(nfatip_ppp_address(2), c), Dotted(nfatip_ppp_address(3), d));
            fflush(stdout);
            wasUp = 1;
        }
        if (state == NFATIP_PPP_STATE_ENDED)
        {
            printf("ended ppp-error=%d\n", (status >> 8) & 0xFF);
            fflush(stdout);
            break;
        }
        if (wasUp && !server && !closing)
        {
            if (echoPort > 0)
            {
                const char *text = "nf-atip through PPP\n";
                char reply[64];
                int n = nfatip_peer_tcp_echo(echoAddress, echoPort, text, reply, sizeof(reply));
                if (n == (int)strlen(text) && strcmp(reply, text) == 0) printf("tcp-echo ok\n");
                else printf("tcp-echo failed %d\n", n);
                fflush(stdout);
            }
            nfatip_ppp_close();
            closing = 1;
        }
        if (NowMs() > deadline)
        {
            printf("timeout\n");
            fflush(stdout);
            return 4;
        }
        nfatip_port_sleep_ms(10);
    }
    while (nfatip_ppp_release() == NFATIP_PPP_RELEASE_PENDING && NowMs() < deadline + 3000)
    {
        nfatip_port_sleep_ms(10);
    }
    close(fd);
    return wasUp ? 0 : 1;
}
