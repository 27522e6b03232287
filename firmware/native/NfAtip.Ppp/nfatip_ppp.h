//-----------------------------------------------------------------------------
//
//  nf-atip PPP session core: one lwIP PPPoS session over the module UART, as a
//  client (PAP/CHAP, DNS from IPCP) or a server (PAP required, IPCP assigns the
//  addresses). Plain C over lwIP alone: no ESP-IDF, ChibiOS or CLR types. The
//  UART and the receive thread come from the platform port (nfatip_ppp_port.h);
//  the nanoFramework interop (NfAtip_Ppp_NfAtip_Ppp_NativePpp.cpp) is a thin
//  glue over these functions, whose results are NativePpp.cs's.
//
//-----------------------------------------------------------------------------

#ifndef NFATIP_PPP_SESSION_H
#define NFATIP_PPP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

struct netif;

#ifdef __cplusplus
extern "C"
{
#endif

    // Session states: the low byte of nfatip_ppp_status().
    enum
    {
        NFATIP_PPP_STATE_NONE = 0,
        NFATIP_PPP_STATE_NEGOTIATING = 1,
        NFATIP_PPP_STATE_UP = 2,
        NFATIP_PPP_STATE_ENDED = 3,
    };

    // nfatip_ppp_open() results.
    enum
    {
        NFATIP_PPP_OPEN_OK = 0,
        NFATIP_PPP_OPEN_BUSY = -1,  // a session (or one still being released) exists
        NFATIP_PPP_OPEN_UART = -2,  // the UART is still another driver's, or refused its configuration
        NFATIP_PPP_OPEN_LWIP = -3,  // lwIP refused the session
        NFATIP_PPP_OPEN_TASK = -4,  // the receive thread could not start
        NFATIP_PPP_OPEN_ARGS = -5,  // bad argument
    };

    // nfatip_ppp_release() results.
    enum
    {
        NFATIP_PPP_RELEASE_DONE = 0,    // nothing left: the UART is free for its managed owner
        NFATIP_PPP_RELEASE_PENDING = 1, // still ending: call again later
    };

    // Installs the UART (COM index: COM1 = 0) at baudRate 8N1 on the given pins (-1: as routed; RTS and
    // CTS both given: hardware flow control), creates the session and starts negotiating. Addresses are
    // IPv4 with the first octet in the top byte; ourAddress/peerAddress are used as server only.
    int nfatip_ppp_open(
        int comIndex,
        int baudRate,
        int txPin,
        int rxPin,
        int rtsPin,
        int ctsPin,
        bool server,
        const char *user,
        const char *password,
        uint32_t ourAddress,
        uint32_t peerAddress);

    // DNS servers the next server session offers its peer in IPCP (0: none), kept until changed. The
    // board's interop never sets them (spec: the modem gives no DNS address in PPP negotiation); the PC's
    // simulated ISP does.
    void nfatip_ppp_set_server_dns(uint32_t primary, uint32_t secondary);

    // Whether the next server sessions accept a peer without authentication (default false: PAP required),
    // kept until changed. Boards never set it (spec: the board's server checks PPPSERVUN/PPPSERVPW); the
    // PC's simulated ISP does when it plays a network that ignores credentials, as most GPRS APNs do.
    void nfatip_ppp_set_server_open(bool open);

    // Whether the next server sessions ask the peer for CHAP (MD5) instead of PAP (default false), kept until
    // changed. Boards never set it (spec: the board's server negotiates PAP); the PC's simulated ISP does when
    // it plays a network that asks CHAP, so the board's CHAP client meets a real CHAP server.
    void nfatip_ppp_set_server_chap(bool chap);

    // The session's lwIP network interface (lwIP's struct netif), valid while a session exists: for a
    // host program that routes the session's packets itself (the PC's simulated ISP). Not used on boards.
    struct netif *nfatip_ppp_netif(void);

    // State in the low byte, lwIP's PPPERR_* (once ended) in the second, and in the third what was lost
    // from the line (chunks lwIP refused other than for memory, bytes the port dropped; saturating at 255).
    // The module's "NO CARRIER" on the line where a frame could start (the call dropped) ends the session
    // at once with PPPERR_CONNECT, without waiting for LCP echoes to fail.
    int nfatip_ppp_status(void);

    // 0 ours, 1 the peer's, 2 primary DNS, 3 secondary DNS; 0 when not up or unknown.
    uint32_t nfatip_ppp_address(int which);

    // Bytes from the module the managed side read before it handed the UART over (what the module sent
    // right behind CONNECT: often the peer's first LCP Configure-Request), given to the session as if the
    // port had received them, ahead of anything it reads itself: the receive loop holds its reads until this
    // is called (at most 200 ms), so call it right after nfatip_ppp_open, with length 0 when there is
    // nothing. Returns how many were taken: all of them, or 0 without a negotiating or running session, or
    // when lwIP refused them.
    int nfatip_ppp_input(const uint8_t *data, int length);

    // Clean termination (LCP Terminate-Request); returns at once.
    void nfatip_ppp_close(void);

    // One step of ending the session; never waits (see NFATIP_PPP_RELEASE_*).
    int nfatip_ppp_release(void);

    // Ends whatever session is left, waiting up to about 2 s: for a CLR soft reboot, when no managed
    // code runs.
    void nfatip_ppp_soft_reboot(void);

#ifdef __cplusplus
}
#endif

#endif // NFATIP_PPP_SESSION_H
