//-----------------------------------------------------------------------------
//
//  libnfatip_ppp_host's sockets: TCP and UDP through lwIP, so over the PPP
//  session (the default route while it is up), with the timeouts and results
//  of the core's INetwork (firmware/NfAtip.Core/Platform/INetwork.cs): reads
//  answer > 0 bytes, 0 nothing within the time, -1 closed (FIN), -2 reset or
//  failed (TcpRead).
//  Addresses are IPv4 with the first octet in the top byte.
//
//-----------------------------------------------------------------------------

#include <lwip/def.h>
#include <lwip/sockets.h>

// No <fcntl.h>: lwip_fcntl understands lwIP's own F_SETFL and O_NONBLOCK (lwip/sockets.h, as sockets.c
// was compiled), not the C library's, whose O_NONBLOCK differs and would be refused.
#include <errno.h>
#include <stdint.h>
#include <string.h>

static void SetTimeout(int s, int option, int timeoutMs)
{
    struct timeval t = {.tv_sec = timeoutMs / 1000, .tv_usec = (timeoutMs % 1000) * 1000};
    lwip_setsockopt(s, SOL_SOCKET, option, &t, sizeof(t));
}

static struct sockaddr_in Address(uint32_t address, int port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = lwip_htons((u16_t)port);
    a.sin_addr.s_addr = lwip_htonl(address);
    return a;
}

int nfatip_net_connect(uint32_t address, int port, int timeoutMs)
{
    int s = lwip_socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
    {
        return -1;
    }
    struct sockaddr_in to = Address(address, port);
    if (lwip_fcntl(s, F_SETFL, O_NONBLOCK) != 0)
    {
        lwip_close(s);
        return -1;
    }
    if (lwip_connect(s, (struct sockaddr *)&to, sizeof(to)) != 0 && errno != EINPROGRESS)
    {
        lwip_close(s);
        return -1;
    }
    fd_set writable;
    FD_ZERO(&writable);
    FD_SET(s, &writable);
    struct timeval t = {.tv_sec = timeoutMs / 1000, .tv_usec = (timeoutMs % 1000) * 1000};
    int error = 0;
    socklen_t length = sizeof(error);
    if (lwip_select(s + 1, NULL, &writable, NULL, timeoutMs < 0 ? NULL : &t) <= 0 ||
        lwip_getsockopt(s, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
    {
        lwip_close(s);
        return -1;
    }
    lwip_fcntl(s, F_SETFL, 0);
    int one = 1;
    lwip_setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return s;
}

int nfatip_net_read(int s, uint8_t *buffer, int count, int timeoutMs)
{
    int n;
    if (timeoutMs == 0)
    {
        n = lwip_recv(s, buffer, (size_t)count, MSG_DONTWAIT);
    }
    else
    {
        SetTimeout(s, SO_RCVTIMEO, timeoutMs < 0 ? 0 : timeoutMs); // lwIP: 0 waits without end
        n = lwip_recv(s, buffer, (size_t)count, 0);
    }
    if (n > 0)
    {
        return n;
    }
    if (n < 0 && (errno == EWOULDBLOCK || errno == EAGAIN))
    {
        return 0;
    }
    return n == 0 ? -1 : -2; // -1: the peer closed (FIN); -2: reset or failed (TcpRead)
}

int nfatip_net_write(int s, const uint8_t *buffer, int count, int timeoutMs)
{
    SetTimeout(s, SO_SNDTIMEO, timeoutMs);
    int done = 0;
    while (done < count)
    {
        int n = lwip_send(s, buffer + done, (size_t)(count - done), 0);
        if (n <= 0)
        {
            return -1;
        }
        done += n;
    }
    return done;
}

void nfatip_net_close(int s)
{
    lwip_close(s);
}

int nfatip_net_listen(int port)
{
    int s = lwip_socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in any = Address(0, port);
    int reuse = 1; // as the device application does: the last session's TIME_WAIT must not hold the port
    if (s >= 0)
    {
        lwip_setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof(reuse));
    }
    if (s < 0 || lwip_bind(s, (struct sockaddr *)&any, sizeof(any)) != 0 || lwip_listen(s, 1) != 0)
    {
        if (s >= 0)
        {
            lwip_close(s);
        }
        return -1;
    }
    return s;
}

// A connection, or -2 when none came within the time, -1 when the listener failed.
int nfatip_net_accept(int s, int timeoutMs, uint32_t *remote)
{
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(s, &readable);
    struct timeval t = {.tv_sec = timeoutMs / 1000, .tv_usec = (timeoutMs % 1000) * 1000};
    int ready = lwip_select(s + 1, &readable, NULL, NULL, timeoutMs < 0 ? NULL : &t);
    if (ready == 0)
    {
        return -2;
    }
    if (ready < 0)
    {
        return -1;
    }
    struct sockaddr_in from;
    socklen_t length = sizeof(from);
    int c = lwip_accept(s, (struct sockaddr *)&from, &length);
    if (c >= 0 && remote != NULL)
    {
        *remote = lwip_ntohl(from.sin_addr.s_addr);
    }
    return c;
}

int nfatip_net_udp_open(void)
{
    int s = lwip_socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in any = Address(0, 0);
    if (s >= 0 && lwip_bind(s, (struct sockaddr *)&any, sizeof(any)) != 0)
    {
        lwip_close(s);
        return -1;
    }
    return s;
}

int nfatip_net_sendto(int s, const uint8_t *buffer, int count, uint32_t address, int port)
{
    struct sockaddr_in to = Address(address, port);
    return lwip_sendto(s, buffer, (size_t)count, 0, (struct sockaddr *)&to, sizeof(to)) == count ? 1 : 0;
}

int nfatip_net_recvfrom(int s, uint8_t *buffer, int count, int timeoutMs, uint32_t *address, int *port)
{
    SetTimeout(s, SO_RCVTIMEO, timeoutMs <= 0 ? 1 : timeoutMs);
    struct sockaddr_in from;
    socklen_t length = sizeof(from);
    int n = lwip_recvfrom(s, buffer, (size_t)count, 0, (struct sockaddr *)&from, &length);
    if (n < 0)
    {
        return (errno == EWOULDBLOCK || errno == EAGAIN) ? 0 : -1;
    }
    *address = lwip_ntohl(from.sin_addr.s_addr);
    *port = lwip_ntohs(from.sin_port);
    return n;
}
