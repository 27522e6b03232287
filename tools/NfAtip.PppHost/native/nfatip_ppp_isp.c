//-----------------------------------------------------------------------------
//
//  nfatip-ppp-isp: the PC's simulated ISP for a data call. A PPP server (the
//  board's own session core, as on a PPP server board: PAP checked against
//  configured credentials, IPCP handing out an address and DNS servers) whose
//  decoded IP packets go to the PC through libslirp, the user-mode NAT QEMU
//  uses: 10.0.2.2 is the PC's loopback. Packets for any other address are
//  dropped (counted as refused), and slirp's DNS relay (10.0.2.3, which would
//  ask the PC's own name servers) is off: the simulated Internet is this
//  machine's loopback, nothing beyond it. IPCP still names 10.0.2.3 as DNS
//  server (--dns to change it); a name server for the board is a loopback one.
//
//    nfatip-ppp-isp --listen SOCKET [--user U --password P [--auth pap|chap]]
//                   [--our 10.0.2.1] [--peer 10.0.2.15] [--dns 10.0.2.3]
//                   [--dns-forward PORT] [--timeout-ms N]
//
//  With --user (and --password, default empty) the ISP requires PAP with exactly
//  those (--auth chap: CHAP with MD5 instead); without it, it asks no
//  authentication, like most GPRS APNs.
//  --dns-forward PORT makes the DNS server IPCP names real: UDP to it on port 53
//  goes to the name server on the PC's loopback at PORT (a test's dnsmasq), and
//  its answers come back from the named address and port 53.
//  UDP to 10.0.3.N reaches 127.0.0.N on the PC, and its answers come back from
//  10.0.3.N: name servers on loopback addresses of their own (the DNS tests run
//  two dnsmasq on port 53 of 127.0.0.41 and .42) are name servers to the board.
//
//  Lines on stdin: "forward PORT" makes the board's TCP port PORT reachable at
//  127.0.0.1:PORT on the PC (a slirp host forward: the board as a server behind
//  an operator that gives it a reachable address); "unforward PORT" undoes it.
//  Each is answered on stdout by "forwarded PORT" or "forward-failed PORT".
//
//  One call, then it exits: 0 the session came up and ended, 1 it ended
//  without coming up, 2 bad arguments, 3 the line or slirp could not be set up,
//  4 no session within the time limit.
//
//  Threads: lwIP's tcpip thread hands the session's IP packets to IspInput (its
//  IPv4 input hook), which queues them; the main thread owns slirp (it is not thread-safe): it
//  feeds the queue to slirp as Ethernet frames, answers slirp's ARP for the
//  board, and writes slirp's packets back into the PPP interface under lwIP's
//  core lock.
//
//-----------------------------------------------------------------------------

#include "nfatip_ppp.h"
#include "nfatip_ppp_port.h"
#include "nfatip_ppp_port_host.h"
#include "nfatip_host_util.h"

#include <lwip/netif.h>
#include <lwip/pbuf.h>

#include <slirp/libslirp.h>

#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define FRAME_MAX 1600
#define QUEUE_LENGTH 64
#define MAX_POLL 64
#define MAX_TIMERS 16

static const uint8_t BoardMac[6] = {0x52, 0x54, 0x00, 0x4e, 0x46, 0x01};  // the board as slirp's "guest"
static const uint8_t SlirpMac[6] = {0x52, 0x55, 0x0a, 0x00, 0x02, 0x02};  // slirp's own (what it answers ARP with)

// PPP -> slirp: IP packets from the tcpip thread, taken by the main thread.
static struct
{
    pthread_mutex_t lock;
    uint8_t data[QUEUE_LENGTH][FRAME_MAX];
    int length[QUEUE_LENGTH];
    int head, tail;
    int wake; // eventfd: the main thread's poll wakes when a packet is queued
    unsigned dropped;
} q = {.lock = PTHREAD_MUTEX_INITIALIZER};

static uint32_t s_boardAddress; // host order
static uint32_t s_hostAlias;    // slirp's address for the PC's loopback (10.0.2.2)
static uint32_t s_dnsAddress;   // the name server IPCP names (10.0.2.3)
static int s_dnsForward;        // its real port on the PC's loopback; 0: none
#define UDP_ALIASES 0x0A000300u // 10.0.3.N: UDP to the PC's 127.0.0.N
#define LOOPBACK_NET 0x7F000000u
static unsigned s_refused;      // packets for anywhere else, dropped

static uint32_t Get32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void Put32(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)(v >> 24), b[1] = (uint8_t)(v >> 16), b[2] = (uint8_t)(v >> 8), b[3] = (uint8_t)v;
}

// A UDP datagram's address and port rewritten (which = 12: source, 16: destination); the IP header checksum
// recomputed, the UDP checksum cleared (0 is "none" in IPv4, RFC 768).
static void RewriteUdp(uint8_t *ip, int length, int which, uint32_t address, int port)
{
    int headerLength = (ip[0] & 0x0F) * 4;
    if (length < headerLength + 8)
    {
        return;
    }
    Put32(ip + which, address);
    uint8_t *udp = ip + headerLength;
    int portAt = which == 12 ? 0 : 2;
    udp[portAt] = (uint8_t)(port >> 8), udp[portAt + 1] = (uint8_t)port;
    udp[6] = udp[7] = 0;
    ip[10] = ip[11] = 0;
    uint32_t sum = 0;
    for (int i = 0; i < headerLength; i += 2)
    {
        sum += (uint32_t)ip[i] << 8 | ip[i + 1];
    }
    while (sum >> 16)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    ip[10] = (uint8_t)(~sum >> 8), ip[11] = (uint8_t)~sum;
}

// UDP between these two (address, port) pairs; ports are at the IP header's end.
static int IsUdp(const uint8_t *ip, int length, int which, uint32_t address, int port)
{
    int headerLength = (ip[0] & 0x0F) * 4;
    if (length < headerLength + 8 || ip[9] != 17 || Get32(ip + which) != address)
    {
        return 0;
    }
    int portAt = headerLength + (which == 12 ? 0 : 2);
    return (ip[portAt] << 8 | ip[portAt + 1]) == port;
}

// lwIP's IPv4 input hook (tcpip thread): an IP packet from the board. Queued for slirp, and taken.
static int IspInput(struct pbuf *p, struct netif *inp)
{
    if (inp != nfatip_ppp_netif())
    {
        return 0;
    }
    // Only the PC's loopback (slirp's host alias): slirp would otherwise connect anywhere the PC can reach,
    // and a test may only reach this machine.
    uint8_t header[20];
    if (pbuf_copy_partial(p, header, sizeof(header), 0) != sizeof(header))
    {
        pbuf_free(p);
        return 1;
    }
    uint32_t to = Get32(header + 16);
    int toDns = s_dnsForward != 0 && to == s_dnsAddress;
    int toUdpAlias = (to & 0xFFFFFF00u) == UDP_ALIASES && header[9] == 17;
    if (to != s_hostAlias && !toDns && !toUdpAlias)
    {
        s_refused++;
        pbuf_free(p);
        return 1;
    }
    pthread_mutex_lock(&q.lock);
    int next = (q.head + 1) % QUEUE_LENGTH;
    if (next == q.tail || p->tot_len > FRAME_MAX - 14)
    {
        q.dropped++; // slirp is behind: drop, as a router would (TCP recovers)
    }
    else
    {
        uint8_t *ip = q.data[q.head] + 14;
        pbuf_copy_partial(p, ip, p->tot_len, 0);
        if (toUdpAlias)
        {
            int headerLength = (ip[0] & 0x0F) * 4;
            int port = p->tot_len >= headerLength + 4 ? ip[headerLength + 2] << 8 | ip[headerLength + 3] : 0;
            RewriteUdp(ip, p->tot_len, 16, LOOPBACK_NET | (to & 0xFF), port);
            q.length[q.head] = p->tot_len + 14;
            q.head = next;
        }
        else if (toDns && IsUdp(ip, p->tot_len, 16, s_dnsAddress, 53))
        {
            RewriteUdp(ip, p->tot_len, 16, s_hostAlias, s_dnsForward);
            q.length[q.head] = p->tot_len + 14;
            q.head = next;
        }
        else if (!toDns)
        {
            q.length[q.head] = p->tot_len + 14;
            q.head = next;
        }
        else
        {
            s_refused++; // the name server's address, but not DNS
        }
    }
    pthread_mutex_unlock(&q.lock);
    pbuf_free(p);
    uint64_t one = 1;
    if (write(q.wake, &one, sizeof(one)) < 0)
    {
        // the main loop polls with a timeout anyway
    }
    return 1;
}

// slirp -> PPP: an Ethernet frame for the board. ARP requests for the board are answered (queued as a
// frame to slirp, not re-entering it); IPv4 goes into the PPP interface.
static uint8_t s_arpReply[42];
static int s_arpPending;

static ssize_t SlirpSend(const void *buffer, size_t length, void *opaque)
{
    (void)opaque;
    const uint8_t *f = buffer;
    if (length < 14)
    {
        return (ssize_t)length;
    }
    uint16_t type = (uint16_t)(f[12] << 8 | f[13]);
    if (type == 0x0806 && length >= 42 && f[20] == 0 && f[21] == 1)
    {
        uint32_t target = (uint32_t)f[38] << 24 | (uint32_t)f[39] << 16 | (uint32_t)f[40] << 8 | f[41];
        if (target == s_boardAddress)
        {
            memcpy(s_arpReply, f + 6, 6);              // to the asker
            memcpy(s_arpReply + 6, BoardMac, 6);
            s_arpReply[12] = 0x08, s_arpReply[13] = 0x06;
            memcpy(s_arpReply + 14, f + 14, 6);        // htype, ptype, hlen, plen
            s_arpReply[20] = 0, s_arpReply[21] = 2;    // reply
            memcpy(s_arpReply + 22, BoardMac, 6);      // sender: the board
            memcpy(s_arpReply + 28, f + 38, 4);
            memcpy(s_arpReply + 32, f + 22, 10);       // target: the asker's MAC and address
            s_arpPending = 1;
        }
        return (ssize_t)length;
    }
    if (type != 0x0800)
    {
        return (ssize_t)length;
    }
    struct netif *n = nfatip_ppp_netif();
    if (n == NULL)
    {
        return (ssize_t)length;
    }
    if (length - 14 > FRAME_MAX)
    {
        return (ssize_t)length;
    }
    uint8_t ip[FRAME_MAX];
    memcpy(ip, f + 14, length - 14);
    if (s_dnsForward != 0 && IsUdp(ip, (int)length - 14, 12, s_hostAlias, s_dnsForward))
    {
        RewriteUdp(ip, (int)length - 14, 12, s_dnsAddress, 53); // the name server's answer, from where IPCP said
    }
    else if (length - 14 >= 28 && ip[9] == 17 && (Get32(ip + 12) & 0xFFFFFF00u) == LOOPBACK_NET)
    {
        int headerLength = (ip[0] & 0x0F) * 4;
        int port = ip[headerLength] << 8 | ip[headerLength + 1];
        RewriteUdp(ip, (int)length - 14, 12, UDP_ALIASES | (Get32(ip + 12) & 0xFF), port); // from 10.0.3.N
    }
    struct pbuf *p = pbuf_alloc(PBUF_IP, (u16_t)(length - 14), PBUF_RAM);
    if (p != NULL)
    {
        pbuf_take(p, ip, (u16_t)(length - 14));
        LOCK_TCPIP_CORE();
        n->output(n, p, NULL); // the PPP interface ignores the next hop
        UNLOCK_TCPIP_CORE();
        pbuf_free(p);
    }
    return (ssize_t)length;
}

// slirp's timers, run by the main loop.
static struct
{
    int used;
    SlirpTimerCb cb;
    void *opaque;
    int64_t expireMs; // -1: not armed
} s_timers[MAX_TIMERS];

static void GuestError(const char *msg, void *opaque)
{
    (void)opaque;
    fprintf(stderr, "nfatip-ppp-isp: slirp: %s\n", msg);
}

static int64_t ClockNs(void *opaque)
{
    (void)opaque;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *TimerNew(SlirpTimerCb cb, void *cbOpaque, void *opaque)
{
    (void)opaque;
    for (int i = 0; i < MAX_TIMERS; i++)
    {
        if (!s_timers[i].used)
        {
            s_timers[i].used = 1;
            s_timers[i].cb = cb;
            s_timers[i].opaque = cbOpaque;
            s_timers[i].expireMs = -1;
            return &s_timers[i];
        }
    }
    return NULL;
}

static void TimerFree(void *timer, void *opaque)
{
    (void)opaque;
    if (timer != NULL)
    {
        memset(timer, 0, sizeof(s_timers[0]));
    }
}

static void TimerMod(void *timer, int64_t expireMs, void *opaque)
{
    (void)opaque;
    if (timer != NULL)
    {
        ((typeof(&s_timers[0]))timer)->expireMs = expireMs;
    }
}

static void PollFdChanged(int fd, void *opaque)
{
    (void)fd;
    (void)opaque;
}

static void Notify(void *opaque)
{
    (void)opaque;
}

static struct pollfd s_poll[MAX_POLL];
static int s_polls;

static int AddPoll(int fd, int events, void *opaque)
{
    (void)opaque;
    if (s_polls >= MAX_POLL)
    {
        return -1;
    }
    s_poll[s_polls].fd = fd;
    s_poll[s_polls].events = (short)((events & SLIRP_POLL_IN ? POLLIN : 0) | (events & SLIRP_POLL_OUT ? POLLOUT : 0) |
                                     (events & SLIRP_POLL_PRI ? POLLPRI : 0));
    s_poll[s_polls].revents = 0;
    return s_polls++;
}

static int Revents(int idx, void *opaque)
{
    (void)opaque;
    short r = s_poll[idx].revents;
    return (r & POLLIN ? SLIRP_POLL_IN : 0) | (r & POLLOUT ? SLIRP_POLL_OUT : 0) | (r & POLLPRI ? SLIRP_POLL_PRI : 0) |
           (r & POLLERR ? SLIRP_POLL_ERR : 0) | (r & POLLHUP ? SLIRP_POLL_HUP : 0);
}

// One command line from stdin (see the header); partial lines wait for the rest.
static char s_command[64];
static size_t s_commandLength;
static int s_stdinOpen = 1; // stdin at its end (or closed) stops being polled: poll would report it ready for ever

static void TakeCommands(Slirp *slirp)
{
    char chunk[64];
    ssize_t n = read(0, chunk, sizeof(chunk));
    if (n <= 0)
    {
        s_stdinOpen = 0;
        return;
    }
    for (ssize_t i = 0; i < n; i++)
    {
        if (chunk[i] != '\n')
        {
            if (s_commandLength < sizeof(s_command) - 1)
            {
                s_command[s_commandLength++] = chunk[i];
            }
            continue;
        }
        s_command[s_commandLength] = 0;
        s_commandLength = 0;
        int port;
        int undo = strncmp(s_command, "unforward ", 10) == 0;
        if (sscanf(s_command + (undo ? 10 : 8), "%d", &port) != 1 || port <= 0 || port > 65535 ||
            (!undo && strncmp(s_command, "forward ", 8) != 0))
        {
            continue;
        }
        struct in_addr pc = {.s_addr = htonl(INADDR_LOOPBACK)};
        struct in_addr board = {.s_addr = htonl(s_boardAddress)};
        int rc = undo ? slirp_remove_hostfwd(slirp, 0, pc, port) : slirp_add_hostfwd(slirp, 0, pc, port, board, port);
        printf("%s %d\n", undo ? "unforwarded" : rc == 0 ? "forwarded" : "forward-failed", port);
        fflush(stdout);
    }
}

int main(int argc, char **argv)
{
    const char *socketPath = NULL, *user = NULL, *password = "";
    uint32_t our = 0x0A000201, peer = 0x0A00020F, dns = 0x0A000203; // 10.0.2.1, 10.0.2.15, 10.0.2.3
    long timeoutMs = 60000;
    bool chap = false;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        const char *o = argv[i], *v = argv[i + 1];
        if (strcmp(o, "--listen") == 0) { socketPath = v; }
        else if (strcmp(o, "--user") == 0) { user = v; }
        else if (strcmp(o, "--password") == 0) { password = v; }
        else if (strcmp(o, "--auth") == 0)
        {
            if (strcmp(v, "chap") != 0 && strcmp(v, "pap") != 0) return 2;
            chap = strcmp(v, "chap") == 0;
        }
        else if (strcmp(o, "--our") == 0) { if (!nfatip_host_parse_address(v, &our)) return 2; }
        else if (strcmp(o, "--peer") == 0) { if (!nfatip_host_parse_address(v, &peer)) return 2; }
        else if (strcmp(o, "--dns") == 0) { if (!nfatip_host_parse_address(v, &dns)) return 2; }
        else if (strcmp(o, "--timeout-ms") == 0) { timeoutMs = atol(v); }
        else if (strcmp(o, "--dns-forward") == 0)
        {
            s_dnsForward = atoi(v);
            if (s_dnsForward <= 0 || s_dnsForward > 65535) return 2;
        }
        else { fprintf(stderr, "nfatip-ppp-isp: unknown option %s\n", o); return 2; }
    }
    if (argc % 2 == 0 || socketPath == NULL)
    {
        fprintf(stderr, "usage: nfatip-ppp-isp --listen SOCKET [--user U [--password P] [--auth pap|chap]] [--our A] [--peer B] [--dns C [--dns-forward PORT]] [--timeout-ms N]\n");
        return 2;
    }
    // One call of one virtual board: when the board's process ends (killed, say), so does its ISP. Checked
    // in the main loop (PR_SET_PDEATHSIG would follow the thread that started it, not the process).
    pid_t parent = getppid();
    s_boardAddress = peer;
    s_hostAlias = (peer & 0xFFFFFF00u) | 2;
    s_dnsAddress = dns;

    // slirp's network: the board's address inside it, the PC's loopback behind 10.0.2.2.
    SlirpConfig cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.version = 4;
    cfg.in_enabled = true;
    cfg.vnetwork.s_addr = htonl(peer & 0xFFFFFF00u);
    cfg.vnetmask.s_addr = htonl(0xFFFFFF00u);
    cfg.vhost.s_addr = htonl((peer & 0xFFFFFF00u) | 2);
    cfg.vdhcp_start.s_addr = htonl(peer);
    cfg.vnameserver.s_addr = htonl(dns);
    cfg.if_mtu = 1500;
    cfg.if_mru = 1500;
    cfg.disable_dhcp = true;
    cfg.disable_dns = true; // the relay would query the PC's own name servers, off this machine
    SlirpCb callbacks;
    memset(&callbacks, 0, sizeof(callbacks));
    callbacks.send_packet = SlirpSend;
    callbacks.guest_error = GuestError;
    callbacks.clock_get_ns = ClockNs;
    callbacks.timer_new = TimerNew;
    callbacks.timer_free = TimerFree;
    callbacks.timer_mod = TimerMod;
    callbacks.register_poll_fd = PollFdChanged;
    callbacks.unregister_poll_fd = PollFdChanged;
    callbacks.notify = Notify;
    Slirp *slirp = slirp_new(&cfg, &callbacks, NULL);
    q.wake = eventfd(0, EFD_NONBLOCK);
    if (slirp == NULL || q.wake < 0)
    {
        fprintf(stderr, "nfatip-ppp-isp: slirp could not start\n");
        return 3;
    }

    int line = nfatip_host_line(socketPath, 1);
    if (line < 0)
    {
        perror("nfatip-ppp-isp: line");
        return 3;
    }
    nfatip_host_use_line(line);
    nfatip_ppp_set_server_dns(dns, 0);
    nfatip_ppp_set_server_open(user == NULL);
    nfatip_ppp_set_server_chap(chap);
    if (nfatip_ppp_open(0, 115200, -1, -1, -1, -1, true, user != NULL ? user : "", password, our, peer) != NFATIP_PPP_OPEN_OK)
    {
        fprintf(stderr, "nfatip-ppp-isp: the PPP session did not start\n");
        return 3;
    }
    // The session's packets go to slirp, not to this process's own IP stack.
    nfatip_port_host_set_ip4_input(IspInput);

    long deadline = nfatip_host_now_ms() + timeoutMs;
    int wasUp = 0;
    for (;;)
    {
        int status = nfatip_ppp_status();
        int state = status & 0xFF;
        if (state == NFATIP_PPP_STATE_UP && !wasUp)
        {
            printf("up board=%u.%u.%u.%u\n", peer >> 24, (peer >> 16) & 0xFF, (peer >> 8) & 0xFF, peer & 0xFF);
            fflush(stdout);
            wasUp = 1;
        }
        if (state == NFATIP_PPP_STATE_ENDED)
        {
            printf("ended ppp-error=%d dropped=%u refused=%u\n", (status >> 8) & 0xFF, q.dropped, s_refused);
            fflush(stdout);
            break;
        }
        if (!wasUp && nfatip_host_now_ms() > deadline)
        {
            printf("timeout\n");
            fflush(stdout);
            return 4;
        }

        if (getppid() != parent)
        {
            printf("ended: the board's process is gone\n");
            fflush(stdout);
            break;
        }
        uint32_t timeout = 20;
        s_polls = 0;
        slirp_pollfds_fill(slirp, &timeout, AddPoll, NULL);
        int wakeIndex = AddPoll(q.wake, SLIRP_POLL_IN, NULL);
        int stdinIndex = s_stdinOpen ? AddPoll(0, SLIRP_POLL_IN, NULL) : -1;
        int ready = poll(s_poll, (nfds_t)s_polls, (int)timeout);
        if (stdinIndex >= 0 && (s_poll[stdinIndex].revents & (POLLIN | POLLHUP | POLLERR)))
        {
            TakeCommands(slirp);
        }
        if (wakeIndex >= 0 && (s_poll[wakeIndex].revents & POLLIN))
        {
            uint64_t n;
            if (read(q.wake, &n, sizeof(n)) < 0)
            {
                // nothing to drain
            }
        }
        slirp_pollfds_poll(slirp, ready < 0, Revents, NULL);

        for (;;)
        {
            uint8_t frame[FRAME_MAX];
            int length = 0;
            pthread_mutex_lock(&q.lock);
            if (q.tail != q.head)
            {
                length = q.length[q.tail];
                memcpy(frame, q.data[q.tail], (size_t)length);
                q.tail = (q.tail + 1) % QUEUE_LENGTH;
            }
            pthread_mutex_unlock(&q.lock);
            if (length == 0)
            {
                break;
            }
            memcpy(frame, SlirpMac, 6);
            memcpy(frame + 6, BoardMac, 6);
            frame[12] = 0x08, frame[13] = 0x00;
            slirp_input(slirp, frame, length);
        }
        if (s_arpPending)
        {
            s_arpPending = 0;
            slirp_input(slirp, s_arpReply, sizeof(s_arpReply));
        }
        int64_t nowMs = ClockNs(NULL) / 1000000;
        for (int i = 0; i < MAX_TIMERS; i++)
        {
            if (s_timers[i].used && s_timers[i].expireMs >= 0 && s_timers[i].expireMs <= nowMs)
            {
                s_timers[i].expireMs = -1;
                s_timers[i].cb(s_timers[i].opaque);
            }
        }
    }
    long releaseBy = nfatip_host_now_ms() + 3000; // lwIP's dead phase and the receive thread's stop
    while (nfatip_ppp_release() == NFATIP_PPP_RELEASE_PENDING && nfatip_host_now_ms() < releaseBy)
    {
        nfatip_port_sleep_ms(10);
    }
    slirp_cleanup(slirp);
    close(line);
    return wasUp ? 0 : 1;
}
