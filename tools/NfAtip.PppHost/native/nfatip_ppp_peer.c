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
//                    [--timeout-ms N] [--after-up close|stay]
//
//  Prints "up local=… peer=… dns1=… dns2=…" when IPCP is up, "ended ppp-error=N"
//  when the session ends. A client with --tcp-echo sends a line over the link to
//  a TCP echo service and prints "tcp-echo ok" or "tcp-echo failed …"; then it
//  closes (LCP terminate), unless --after-up stay: then it holds the session, as
//  a dial-in PC does, until the line drops (the time limit counts until up
//  only). A server stays until the client ends the session. Exit: 0 the session came up and
//  ended cleanly, 1 it ended without coming up, 2 bad arguments, 3 the line
//  could not be set up, 4 the time limit passed.
//
//-----------------------------------------------------------------------------

#include "nfatip_ppp.h"
#include "nfatip_ppp_port.h"
#include "nfatip_ppp_port_host.h"
#include "nfatip_ppp_peer_tcp.h"
#include "nfatip_host_util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *Dotted(uint32_t a, char *buffer)
{
    snprintf(buffer, 16, "%u.%u.%u.%u", (a >> 24) & 0xFF, (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF);
    return buffer;
}

int main(int argc, char **argv)
{
    const char *socketPath = NULL, *role = NULL, *user = "", *password = "";
    int listening = 0;
    uint32_t our = 0, peer = 0, dns1 = 0, dns2 = 0;
    long timeoutMs = 30000;
    uint32_t echoAddress = 0;
    int echoPort = 0;
    int stay = 0;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        const char *o = argv[i], *v = argv[i + 1];
        if (strcmp(o, "--listen") == 0) { socketPath = v; listening = 1; }
        else if (strcmp(o, "--connect") == 0) { socketPath = v; }
        else if (strcmp(o, "--role") == 0) { role = v; }
        else if (strcmp(o, "--user") == 0) { user = v; }
        else if (strcmp(o, "--password") == 0) { password = v; }
        else if (strcmp(o, "--our") == 0) { if (!nfatip_host_parse_address(v, &our)) return 2; }
        else if (strcmp(o, "--peer") == 0) { if (!nfatip_host_parse_address(v, &peer)) return 2; }
        else if (strcmp(o, "--dns") == 0) { if (!nfatip_host_parse_address(v, &dns1)) return 2; }
        else if (strcmp(o, "--dns2") == 0) { if (!nfatip_host_parse_address(v, &dns2)) return 2; }
        else if (strcmp(o, "--tcp-echo") == 0)
        {
            char host[32];
            const char *colon = strrchr(v, ':');
            if (colon == NULL || colon - v >= (long)sizeof(host)) return 2;
            memcpy(host, v, (size_t)(colon - v));
            host[colon - v] = '\0';
            if (!nfatip_host_parse_address(host, &echoAddress)) return 2;
            echoPort = atoi(colon + 1);
        }
        else if (strcmp(o, "--timeout-ms") == 0) { timeoutMs = atol(v); }
        else if (strcmp(o, "--after-up") == 0)
        {
            if (strcmp(v, "stay") == 0) stay = 1;
            else if (strcmp(v, "close") != 0) return 2;
        }
        else { fprintf(stderr, "nfatip-ppp-peer: unknown option %s\n", o); return 2; }
    }
    if (argc % 2 == 0 || socketPath == NULL || role == NULL || (strcmp(role, "client") != 0 && strcmp(role, "server") != 0))
    {
        fprintf(stderr, "usage: nfatip-ppp-peer (--listen|--connect) SOCKET --role client|server --user U --password P [--our A --peer B] [--dns A [--dns2 B]] [--timeout-ms N] [--after-up close|stay]\n");
        return 2;
    }
    int server = strcmp(role, "server") == 0;

    int fd = nfatip_host_line(socketPath, listening);
    if (fd < 0)
    {
        perror("nfatip-ppp-peer: line");
        return 3;
    }
    nfatip_host_use_line(fd);
    nfatip_ppp_set_server_dns(dns1, dns2);
    int rc = nfatip_ppp_open(0, 115200, -1, -1, -1, -1, server, user, password, our, peer);
    if (rc != NFATIP_PPP_OPEN_OK)
    {
        printf("open %d\n", rc);
        return 3;
    }

    long deadline = nfatip_host_now_ms() + timeoutMs;
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
            if (!stay) nfatip_ppp_close();
            closing = 1;
        }
        if (nfatip_host_now_ms() > deadline && !(stay && wasUp))
        {
            printf("timeout\n");
            fflush(stdout);
            return 4;
        }
        nfatip_port_sleep_ms(10);
    }
    while (nfatip_ppp_release() == NFATIP_PPP_RELEASE_PENDING && nfatip_host_now_ms() < deadline + 3000)
    {
        nfatip_port_sleep_ms(10);
    }
    close(fd);
    return wasUp ? 0 : 1;
}
