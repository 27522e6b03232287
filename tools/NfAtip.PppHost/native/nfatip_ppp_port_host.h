// nf-atip PPP port for the PC: what a host program tells the port before a session.
#ifndef NFATIP_PPP_PORT_HOST_H
#define NFATIP_PPP_PORT_HOST_H

#ifdef __cplusplus
extern "C"
{
#endif

    // The file descriptor the next session uses as the module's UART (COM index 0).
    void nfatip_port_host_set_line(int fd);

#ifdef __cplusplus
}
#endif

#endif // NFATIP_PPP_PORT_HOST_H
