//-----------------------------------------------------------------------------
//
//  nf-atip PPP session core (nfatip_ppp.h): lwIP PPPoS, the session's life and
//  its end, over the platform's UART and receive thread (nfatip_ppp_port.h).
//
//  Threading: the lwIP calls that change a running session go through the
//  thread-safe PPPAPI (pppapi_*, LWIP_PPP_API); the ppp_set_* settings are
//  applied right after pppapi_pppos_create, in the dead phase, as ppp.h allows.
//  The link status callback runs in the lwIP tcpip thread and only stores the
//  state; the caller polls it.
//
//  No call waits (but nfatip_ppp_soft_reboot): release starts the end (drop,
//  stop the receive loop) and frees only once lwIP is in its dead phase and the
//  receive loop has returned, because the loop reads the pcb.
//
//-----------------------------------------------------------------------------

#include "nfatip_ppp.h"
#include "nfatip_ppp_port.h"

#include <string.h>

#include <lwip/opt.h>
#include <lwip/def.h>
#include <lwip/err.h>
#include <lwip/ip4_addr.h>
#include <lwip/netif.h>
#include <lwip/tcpip.h>
#include <netif/ppp/pppapi.h>
#include <netif/ppp/pppos.h>

#if !PPP_SUPPORT || !PPPOS_SUPPORT
#error "NfAtip.Ppp needs lwIP PPP over serial: PPP_SUPPORT and PPPOS_SUPPORT (ESP32: CONFIG_LWIP_PPP_SUPPORT=y; lwipopts_nfatip.h)"
#endif
#if !PAP_SUPPORT
#error "NfAtip.Ppp needs PAP (client and server): PAP_SUPPORT (ESP32: CONFIG_LWIP_PPP_PAP_SUPPORT=y)"
#endif
#if !CHAP_SUPPORT
#error "NfAtip.Ppp needs CHAP (client): CHAP_SUPPORT (ESP32: CONFIG_LWIP_PPP_CHAP_SUPPORT=y)"
#endif
#if !PPP_SERVER
#error "NfAtip.Ppp needs lwIP's PPP server (ppp_listen, auth_check_passwd): PPP_SERVER, from lwipopts_nfatip.h (ESP32: with CONFIG_LWIP_PPP_SERVER_SUPPORT=y; README step 4)"
#endif
#if !LWIP_PPP_API
#error "NfAtip.Ppp calls the thread-safe PPP API (pppapi_*): LWIP_PPP_API must be 1"
#endif

#define RX_CHUNK 256             // bytes per read / pppos_input_tcpip
#define RX_WAIT_MS 20            // read timeout: also how fast the loop notices a stop
#define INPUT_RETRY_MS 2         // ERR_MEM: wait this long, then hand the chunk again
#define CREDENTIAL_MAX 64        // ISPUN/ISPPW, PPPSERVUN/PPPSERVPW are shorter than this
#define SOFT_REBOOT_WAIT_MS 2000 // how long a soft reboot waits for the dead phase and the loop's return
#define INPUT_HOLD_MS 200        // how long the receive loop waits for nfatip_ppp_input's bytes to go first
#define HDLC_FLAG 0x7E

// The module's verbose result when the call drops in data mode (V.250), as it arrives on the PPP line.
static const char NoCarrier[] = "\r\nNO CARRIER\r\n";
#define NO_CARRIER_LENGTH ((int)sizeof(NoCarrier) - 1)

static struct
{
    ppp_pcb *pcb;
    struct netif netif;
    volatile bool rxRun;
    volatile bool rxHold;      // the loop waits: the bytes read before the hand-over (nfatip_ppp_input) come first
    bool rxStarted;
    bool dropping;             // release has asked lwIP to drop the session
    volatile int state;
    volatile int pppErr;
    volatile int inputErrors;  // chunks lwIP refused other than for memory (saturates at 255)
    // Bytes of NoCarrier seen where a frame would start; -1 inside a frame. nfatip_ppp_input scans first, the
    // receive loop only after it (rxHold), so one thread at a time touches it.
    int carrierMatched;
    volatile bool carrierLost; // the module said NO CARRIER: the session was dropped, its error is PPPERR_CONNECT
    volatile uint32_t address[4];
    bool server;
    uint32_t serverDns[2]; // offered to the peer by a server session (nfatip_ppp_set_server_dns)
    bool serverOpen;       // a server session asks no authentication (nfatip_ppp_set_server_open)
    bool serverChap;       // a server session asks CHAP, not PAP (nfatip_ppp_set_server_chap)
    // ppp_set_auth keeps the pointers (settings.user / settings.passwd): they must outlive the session.
    char user[CREDENTIAL_MAX + 1];
    char password[CREDENTIAL_MAX + 1];
} s;

// lwIP keeps IPv4 addresses in network byte order; the caller wants the first octet on top.
static uint32_t ToHost(u32_t networkOrder)
{
    return (uint32_t)lwip_ntohl(networkOrder);
}

static void CopyCredential(char *to, const char *from)
{
    // NULL (should not happen: LwipPppLink passes "") becomes "": lwIP's PAP client takes strlen().
    size_t n = from == NULL ? 0 : strlen(from);
    if (n > (size_t)CREDENTIAL_MAX)
    {
        n = CREDENTIAL_MAX;
    }
    memcpy(to, from == NULL ? "" : from, n);
    to[n] = '\0';
}

// lwIP -> UART (pppos output callback, tcpip thread). Fewer bytes than asked makes lwIP drop the frame.
// lwIP 2.1 declares the data as u8_t *, later lwIP as const void *: README bring-up check 3.
static u32_t PppOutput(ppp_pcb *pcb, u8_t *data, u32_t len, void *ctx)
{
    LWIP_UNUSED_ARG(pcb);
    LWIP_UNUSED_ARG(ctx);
    return nfatip_port_uart_write((const uint8_t *)data, len);
}

// Link status (tcpip thread): PPPERR_NONE when IPCP is up, any other code when the session ended (lwIP
// has then reached the dead phase, where ppp_free is allowed).
static void PppLinkStatus(ppp_pcb *pcb, int errCode, void *ctx)
{
    LWIP_UNUSED_ARG(ctx);
    if (errCode == PPPERR_NONE)
    {
        struct netif *n = ppp_netif(pcb);
        s.address[0] = ToHost(ip4_addr_get_u32(netif_ip4_addr(n)));
        s.address[1] = ToHost(ip4_addr_get_u32(netif_ip4_gw(n)));
#if LWIP_DNS
        // What the peer's IPCP gave (usepeerdns, client only); lwIP also registers them with dns_setserver.
        s.address[2] = s.server ? 0 : ToHost(pcb->ipcp_gotoptions.dnsaddr[0]);
        s.address[3] = s.server ? 0 : ToHost(pcb->ipcp_gotoptions.dnsaddr[1]);
#endif
        s.pppErr = PPPERR_NONE;
        s.state = NFATIP_PPP_STATE_UP;
    }
    else
    {
        // A drop for the module's NO CARRIER reaches here as the drop lwIP was asked for (PPPERR_USER).
        s.pppErr = s.carrierLost ? PPPERR_CONNECT : errCode;
        s.state = NFATIP_PPP_STATE_ENDED;
    }
}

// True when these bytes complete the module's NO CARRIER (CR LF NO CARRIER CR LF) where a frame could start:
// at the session's start or right after an HDLC flag. No PPP frame starts with CR (0x0D: not a protocol
// number, which is even in its first octet, nor the address 0xFF), so a frame's payload never matches, and
// nothing the module says between frames is mistaken for data either way. Without this, a call the network
// dropped stays "up" until LCP echoes fail (about 30-40 s on the boards).
static bool CarrierLostIn(const uint8_t *data, int length)
{
    for (int i = 0; i < length; i++)
    {
        uint8_t b = data[i];
        if (b == HDLC_FLAG)
        {
            s.carrierMatched = 0;
        }
        else if (s.carrierMatched >= 0)
        {
            if (b == (uint8_t)NoCarrier[s.carrierMatched])
            {
                if (++s.carrierMatched == NO_CARRIER_LENGTH)
                {
                    s.carrierMatched = -1;
                    return true;
                }
            }
            else
            {
                // Another result line may come first (a blank line, another CR): CR may begin the match again.
                s.carrierMatched = b == '\r' ? 1 : -1;
            }
        }
    }
    return false;
}

// tcpip thread. A session that already ended is left alone: closing it again would report PPPERR_USER over
// the error it ended with.
static void DropInTcpip(void *ctx)
{
    ppp_pcb *pcb = (ppp_pcb *)ctx;
    if (pcb->phase != PPP_PHASE_DEAD)
    {
        ppp_close(pcb, 1);
    }
}

// Ends the session without waiting for the peer; the status callback reports the end.
static void Drop(void)
{
    s.dropping = true;
    if (tcpip_callback(DropInTcpip, s.pcb) != ERR_OK)
    {
        pppapi_close(s.pcb, 1); // the slower way, if the tcpip mailbox refused the callback
    }
}

// The module left data mode: drop the session at once (nobody is listening on the far end), once.
static void CarrierLost(void)
{
    if (s.carrierLost || s.dropping)
    {
        return;
    }
    s.carrierLost = true;
    Drop();
}

// UART -> lwIP, on the port's receive thread. pppos_input_tcpip copies the bytes into a pbuf and queues
// them to the tcpip thread. ERR_MEM (no pbuf, or the tcpip mailbox full) is back-pressure, not loss: the
// chunk is handed again after a short wait while the UART driver's buffer (and, with RTS/CTS, the module)
// holds what follows. Any other refusal loses the chunk and is counted, never silently.
static void RxLoop(void)
{
    static uint8_t buffer[RX_CHUNK];
    // What the managed driver read behind CONNECT is older than anything on the UART now: it must reach
    // lwIP first, or a frame split between the two arrives out of order and is lost (LCP then waits for the
    // peer's restart timer). nfatip_ppp_input ends the hold; a caller that never calls it costs 200 ms.
    for (int waited = 0; s.rxHold && s.rxRun && waited < INPUT_HOLD_MS; waited += 5)
    {
        nfatip_port_sleep_ms(5);
    }
    s.rxHold = false;
    while (s.rxRun)
    {
        int n = nfatip_port_uart_read(buffer, RX_CHUNK, RX_WAIT_MS);
        if (n <= 0 || s.carrierLost)
        {
            continue;
        }
        if (CarrierLostIn(buffer, n))
        {
            CarrierLost();
            continue;
        }
        err_t err = pppos_input_tcpip(s.pcb, buffer, n);
        while (err == ERR_MEM && s.rxRun)
        {
            nfatip_port_sleep_ms(INPUT_RETRY_MS);
            err = pppos_input_tcpip(s.pcb, buffer, n);
        }
        if (err != ERR_OK && err != ERR_MEM && s.inputErrors < 255)
        {
            s.inputErrors = s.inputErrors + 1;
        }
    }
    // Returning is the port's sign that the loop no longer touches s.pcb.
}

static int InputNow(const uint8_t *data, int length);

int nfatip_ppp_input(const uint8_t *data, int length)
{
    int taken = InputNow(data, length);
    s.rxHold = false; // after the bytes are queued: the receive loop's reads follow them
    return taken;
}

static int InputNow(const uint8_t *data, int length)
{
    if (s.pcb == NULL || s.dropping || data == NULL || length <= 0 ||
        (s.state != NFATIP_PPP_STATE_NEGOTIATING && s.state != NFATIP_PPP_STATE_UP))
    {
        return 0;
    }
    if (CarrierLostIn(data, length))
    {
        // What the module sent right behind CONNECT already says the call is gone.
        CarrierLost();
        return 0;
    }
    // The same path as RxLoop's: copied into pbufs, queued to the tcpip thread, so called from any thread.
    int done = 0;
    while (done < length)
    {
        int n = length - done < RX_CHUNK ? length - done : RX_CHUNK;
        if (pppos_input_tcpip(s.pcb, (u8_t *)data + done, n) != ERR_OK)
        {
            break;
        }
        done += n;
    }
    return done;
}

// Asks the receive loop to stop; true once it has returned (at once when none was started).
static bool RxStopped(void)
{
    if (!s.rxStarted)
    {
        return true;
    }
    s.rxRun = false;
    if (!nfatip_port_rx_finished())
    {
        return false;
    }
    s.rxStarted = false;
    return true;
}

// Frees the session and the UART: only in the dead phase (or before connect/listen), with the loop stopped.
static void FreeSession(void)
{
    if (s.pcb != NULL)
    {
        pppapi_free(s.pcb);
        s.pcb = NULL;
    }
    nfatip_port_uart_close();
    s.dropping = false;
}

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
    uint32_t peerAddress)
{
    if (s.pcb != NULL)
    {
        return NFATIP_PPP_OPEN_BUSY;
    }
    if (!nfatip_port_uart_valid(comIndex) || baudRate <= 0)
    {
        return NFATIP_PPP_OPEN_ARGS;
    }
    if (server && (ourAddress == 0 || peerAddress == 0))
    {
        return NFATIP_PPP_OPEN_ARGS;
    }
    if (!nfatip_port_uart_open(comIndex, baudRate, txPin, rxPin, rtsPin, ctsPin))
    {
        return NFATIP_PPP_OPEN_UART;
    }

    s.server = server;
    s.state = NFATIP_PPP_STATE_NEGOTIATING;
    s.pppErr = PPPERR_NONE;
    s.inputErrors = 0;
    s.carrierMatched = 0;
    s.carrierLost = false;
    s.dropping = false;
    for (int i = 0; i < 4; i++)
    {
        s.address[i] = 0;
    }
    CopyCredential(s.user, user);
    CopyCredential(s.password, password);

    s.pcb = pppapi_pppos_create(&s.netif, PppOutput, PppLinkStatus, NULL);
    if (s.pcb == NULL)
    {
        nfatip_port_uart_close();
        s.state = NFATIP_PPP_STATE_NONE;
        return NFATIP_PPP_OPEN_LWIP;
    }

    // Dead phase: the settings may be written from this thread (ppp.h).
    // Never wait for the peer's Terminate-Ack: lwIP would send Terminate-Request twice, 6 s apart
    // (FSM_DEFMAXTERMREQS, FSM_DEFTIMEOUT), and the call stays up meanwhile; a peer that stopped answering
    // (LCP echoes failed) or a dropped call (NO CARRIER) would cost 12 s more for nothing, and ppp_close's
    // "no carrier" shortcut works only once IPCP is up. With 0, fsm.c sends one Terminate-Request and ends the
    // layer at once, in every phase; the call is hung up right after anyway.
    s.pcb->settings.fsm_max_term_transmits = 0;
    if (server)
    {
        // PAP (spec: the embedded server negotiates PAP), the peer must authenticate; lwIP's
        // auth_check_passwd compares the peer's PAP user/password with settings.user/passwd, i.e. what
        // ppp_set_auth stores (CHAP, for the PC's ISP only: get_secret gives settings.passwd for
        // settings.user). IPCP: our address and the one we assign to the peer.
        ip4_addr_t ours;
        ip4_addr_t his;
        ip4_addr_set_u32(&ours, lwip_htonl(ourAddress));
        ip4_addr_set_u32(&his, lwip_htonl(peerAddress));
        ppp_set_auth(s.pcb, s.serverChap ? PPPAUTHTYPE_CHAP : PPPAUTHTYPE_PAP, s.user, s.password);
        ppp_set_auth_required(s.pcb, s.serverOpen ? 0 : 1);
        ppp_set_ipcp_ouraddr(s.pcb, &ours);
        ppp_set_ipcp_hisaddr(s.pcb, &his);
#if LWIP_DNS
        for (int i = 0; i < 2; i++)
        {
            if (s.serverDns[i] != 0)
            {
                ip4_addr_t dns;
                ip4_addr_set_u32(&dns, lwip_htonl(s.serverDns[i]));
                ppp_set_ipcp_dnsaddr(s.pcb, i, &dns);
            }
        }
#endif
    }
    else
    {
        // Client: authenticate with PAP or CHAP, whichever the peer asks for; ask for its DNS servers.
        ppp_set_auth(s.pcb, PPPAUTHTYPE_PAP | PPPAUTHTYPE_CHAP, s.user, s.password);
#if LWIP_DNS
        ppp_set_usepeerdns(s.pcb, 1);
#endif
    }
    // The only IP interface of this board while the call lasts: sockets route through it.
    pppapi_set_default(s.pcb);

    err_t started = server ? pppapi_listen(s.pcb) : pppapi_connect(s.pcb, 0);
    if (started != ERR_OK)
    {
        // Never started, so still in the dead phase, and no loop yet: free at once.
        FreeSession();
        s.state = NFATIP_PPP_STATE_NONE;
        return NFATIP_PPP_OPEN_LWIP;
    }

    s.rxRun = true;
    s.rxHold = true;
    s.rxStarted = nfatip_port_rx_start(RxLoop);
    if (!s.rxStarted)
    {
        s.rxRun = false;
        // The session runs: drop it; the caller's release calls finish the job.
        nfatip_ppp_release();
        return NFATIP_PPP_OPEN_TASK;
    }
    return NFATIP_PPP_OPEN_OK;
}

void nfatip_ppp_set_server_dns(uint32_t primary, uint32_t secondary)
{
    s.serverDns[0] = primary;
    s.serverDns[1] = secondary;
}

void nfatip_ppp_set_server_open(bool open)
{
    s.serverOpen = open;
}

void nfatip_ppp_set_server_chap(bool chap)
{
    s.serverChap = chap;
}

struct netif *nfatip_ppp_netif(void)
{
    return s.pcb != NULL ? &s.netif : NULL;
}

int nfatip_ppp_status(void)
{
    int state = s.pcb == NULL && s.state != NFATIP_PPP_STATE_ENDED ? NFATIP_PPP_STATE_NONE : s.state;
    uint32_t lost = (uint32_t)s.inputErrors + (s.pcb != NULL ? nfatip_port_uart_lost() : 0);
    return (state & 0xFF) | ((s.pppErr & 0xFF) << 8) | ((int)(lost > 255 ? 255 : lost) << 16);
}

uint32_t nfatip_ppp_address(int which)
{
    if (which < 0 || which > 3 || s.state != NFATIP_PPP_STATE_UP)
    {
        return 0;
    }
    return s.address[which];
}

void nfatip_ppp_close(void)
{
    if (s.pcb != NULL && s.state != NFATIP_PPP_STATE_ENDED)
    {
        // Clean termination (LCP Terminate-Request); the status callback reports PPPERR_USER when done.
        pppapi_close(s.pcb, 0);
    }
}

int nfatip_ppp_release(void)
{
    if (s.pcb == NULL)
    {
        return NFATIP_PPP_RELEASE_DONE;
    }
    if (s.state != NFATIP_PPP_STATE_ENDED && !s.dropping)
    {
        // Still running (or terminating): drop it without waiting for the peer; lwIP reports the end from
        // its tcpip thread (the status callback).
        Drop();
    }
    bool loopStopped = RxStopped();
    if (s.state != NFATIP_PPP_STATE_ENDED || !loopStopped)
    {
        return NFATIP_PPP_RELEASE_PENDING;
    }
    FreeSession();
    return NFATIP_PPP_RELEASE_DONE;
}

void nfatip_ppp_soft_reboot(void)
{
    // If lwIP never reaches its dead phase the pcb is left alone: freeing a live one would corrupt lwIP;
    // open then answers busy until a power cycle.
    for (int waited = 0; nfatip_ppp_release() == NFATIP_PPP_RELEASE_PENDING && waited < SOFT_REBOOT_WAIT_MS;
         waited += 10)
    {
        nfatip_port_sleep_ms(10);
    }
}
