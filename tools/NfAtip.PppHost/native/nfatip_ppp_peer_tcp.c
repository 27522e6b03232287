//-----------------------------------------------------------------------------
//
//  nfatip-ppp-peer's traffic over the session: a TCP exchange through lwIP's
//  socket API, which routes it over the PPP interface (the session core makes
//  it the default). Kept apart from nfatip_ppp_peer.c: lwIP's socket functions
//  (lwip_*) here, the host's own sockets (the line) there.
//
//-----------------------------------------------------------------------------

#include "nfatip_ppp_peer_tcp.h"

#include <lwip/def.h>
#include <lwip/sockets.h>

#include <string.h>

int nfatip_peer_tcp_echo(uint32_t address, int port, const char *text, char *reply, int replySize)
{
    int s = lwip_socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
    {
        return -1;
    }
    struct timeval t = {.tv_sec = 10, .tv_usec = 0};
    lwip_setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof(t));
    struct sockaddr_in to;
    memset(&to, 0, sizeof(to));
    to.sin_family = AF_INET;
    to.sin_port = lwip_htons((u16_t)port);
    to.sin_addr.s_addr = lwip_htonl(address);
    if (lwip_connect(s, (struct sockaddr *)&to, sizeof(to)) != 0)
    {
        lwip_close(s);
        return -2;
    }
    int length = (int)strlen(text);
    if (lwip_send(s, text, (size_t)length, 0) != length)
    {
        lwip_close(s);
        return -3;
    }
    int got = 0;
    while (got < length && got < replySize - 1)
    {
        int n = lwip_recv(s, reply + got, (size_t)(replySize - 1 - got), 0);
        if (n <= 0)
        {
            break;
        }
        got += n;
    }
    reply[got] = '\0';
    lwip_close(s);
    return got;
}
