// nfatip-ppp-peer: a TCP exchange over the PPP session (lwIP sockets).
#ifndef NFATIP_PPP_PEER_TCP_H
#define NFATIP_PPP_PEER_TCP_H

#include <stdint.h>

// Connects to address:port (host order), sends text, reads back as many bytes; the count, or < 0.
int nfatip_peer_tcp_echo(uint32_t address, int port, const char *text, char *reply, int replySize);

#endif // NFATIP_PPP_PEER_TCP_H
