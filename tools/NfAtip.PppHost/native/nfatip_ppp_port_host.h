// nf-atip PPP port for the PC: what a host program tells the port before a session.
#ifndef NFATIP_PPP_PORT_HOST_H
#define NFATIP_PPP_PORT_HOST_H

#ifdef __cplusplus
extern "C"
{
#endif

    // The file descriptor the next session uses as the module's UART (COM index 0).
    void nfatip_port_host_set_line(int fd);

    struct pbuf;
    struct netif;

    // Takes every IPv4 packet lwIP receives before its own IP layer (tcpip thread): return nonzero when
    // taken (the function then frees the pbuf), 0 to let lwIP process it. NULL: none (the default).
    void nfatip_port_host_set_ip4_input(int (*take)(struct pbuf *p, struct netif *inp));

#ifdef __cplusplus
}
#endif

#endif // NFATIP_PPP_PORT_HOST_H
