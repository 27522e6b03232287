//-----------------------------------------------------------------------------
//
//  NfAtip.Ppp — lwIP PPPoS native interop for the nf-atip nanoFramework ESP32 image.
//
//  NOT BUILT FOR ESP32 AND NOT RUN: these machines have no ESP-IDF toolchain and no
//  board. Type-checked (g++ -fsyntax-only) against lwIP 2.1.3's PPP headers and
//  nanoCLR's headers, with the ESP-IDF/FreeRTOS calls declared as ESP-IDF 5.x has
//  them; the first bring-up on hardware must go through the checklist in README.md.
//
//-----------------------------------------------------------------------------
//  The implementation: one PPPoS session at a time over one ESP32 UART.
//
//  UART ownership (decision (a) of issue C): while a session exists this code
//  owns the module UART. Managed code closes its SerialPort first (the ESP-IDF
//  driver may be installed once per UART), Open installs the driver, a FreeRTOS
//  task reads the UART and hands the bytes to lwIP with pppos_input_tcpip, and
//  lwIP's output callback writes to the UART. Release uninstalls the driver so
//  managed code can reopen the port.
//
//  No call waits: Release starts the end (drop, stop the task) and frees only
//  once lwIP is in its dead phase and the receive task has confirmed its stop
//  (the task reads s.pcb: freeing it earlier would be a use after free); until
//  then it returns 1 and managed code calls again. A CLR soft reboot (every
//  deployment) runs SoftReboot, which ends a session left behind so the next
//  Open does not find the UART and the pcb taken.
//
//  Threading: the lwIP raw PPP calls that change a running session go through
//  the thread-safe PPPAPI (pppapi_*, LWIP_PPP_API); the ppp_set_* settings are
//  applied right after pppapi_pppos_create, in the dead phase, as ppp.h allows.
//  The link status callback runs in the lwIP tcpip thread and only stores the
//  state; managed code polls it (IIpLink.Poll), no managed event is posted.
//-----------------------------------------------------------------------------

#include "NfAtip_Ppp.h"
#include "NfAtip_Ppp_NfAtip_Ppp_NativePpp.h"

#include <string.h>

#include <esp_idf_version.h>
#include <freertos/FreeRTOS.h>
#include <freertos/task.h>
#include <freertos/semphr.h>
#include <driver/uart.h>

#include <nanoHAL.h>

#include <lwip/opt.h>
#include <lwip/def.h>
#include <lwip/ip4_addr.h>
#include <lwip/netif.h>
#include <netif/ppp/pppapi.h>
#include <netif/ppp/pppos.h>

#if !PPP_SUPPORT || !PPPOS_SUPPORT
#error "NfAtip.Ppp needs lwIP PPP over serial: CONFIG_LWIP_PPP_SUPPORT=y in the image's sdkconfig"
#endif
#if !PAP_SUPPORT
#error "NfAtip.Ppp needs PAP (client and server): CONFIG_LWIP_PPP_PAP_SUPPORT=y"
#endif
#if !CHAP_SUPPORT
#error "NfAtip.Ppp needs CHAP (client): CONFIG_LWIP_PPP_CHAP_SUPPORT=y"
#endif
#if !PPP_SERVER
#error "NfAtip.Ppp needs lwIP's PPP server (ppp_listen, auth_check_passwd): CONFIG_LWIP_PPP_SERVER_SUPPORT=y and lwipopts_nfatip.h included from the target's lwipopts.h (README step 4)"
#endif
#if !LWIP_PPP_API
#error "NfAtip.Ppp calls the thread-safe PPP API (pppapi_*): LWIP_PPP_API must be 1"
#endif

using namespace NfAtip_Ppp::NfAtip_Ppp;

// Session states, low byte of Status() (PppStatusMap.State* on the managed side).
enum
{
    StateNone = 0,
    StateNegotiating = 1,
    StateUp = 2,
    StateEnded = 3,
};

// Open() results (NativePpp.Open documentation on the managed side).
enum
{
    OpenOk = 0,
    OpenBusy = -1,
    OpenUart = -2,
    OpenLwip = -3,
    OpenTask = -4,
    OpenArgs = -5,
};

static const int RxBufferSize = 4096;   // UART driver ring buffers (bytes)
static const int TxBufferSize = 2048;
static const int RxChunk = 256;         // bytes per uart_read_bytes / pppos_input_tcpip
static const int RxWaitMs = 20;         // read timeout: also how fast the task notices a stop
static const int RxTaskStack = 3072;
static const UBaseType_t RxTaskPriority = tskIDLE_PRIORITY + 5;
static const int CredentialMax = 64;    // ISPUN/ISPPW, PPPSERVUN/PPPSERVPW are shorter than this
static const int InputRetryMs = 2;      // ERR_MEM from pppos_input_tcpip: wait this long, then hand the chunk again
static const int SoftRebootWaitMs = 2000; // how long SoftReboot waits for lwIP's dead phase and the task's stop

// Release() results (NativePpp.Release on the managed side).
enum
{
    ReleaseDone = 0,
    ReleasePending = 1,
};

static struct
{
    ppp_pcb *pcb;
    struct netif netif;
    uart_port_t uart;
    TaskHandle_t rxTask;
    SemaphoreHandle_t rxStopped;
    volatile bool rxRun;
    volatile int state;
    volatile int pppErr;
    volatile int inputErrors;     // chunks lwIP refused other than for memory (Status, third byte; saturates)
    bool dropping;                // Release has asked lwIP to drop the session
    volatile uint32_t address[4]; // ours, peer's, DNS 1, DNS 2; first octet in the top byte
    bool server;
    // ppp_set_auth keeps the pointers (settings.user / settings.passwd): they must outlive the session.
    char user[CredentialMax + 1];
    char password[CredentialMax + 1];
} s;

// lwIP keeps IPv4 addresses in network byte order; the managed side wants the first octet on top.
static uint32_t ToManaged(u32_t networkOrder)
{
    return (uint32_t)lwip_ntohl(networkOrder);
}

static void CopyCredential(char *to, const char *from)
{
    // NULL from managed code (should not happen: LwipPppLink passes "") becomes "": lwIP's PAP client
    // takes strlen() of the user name.
    size_t n = from == NULL ? 0 : strlen(from);
    if (n > (size_t)CredentialMax)
    {
        n = CredentialMax;
    }
    memcpy(to, from == NULL ? "" : from, n);
    to[n] = '\0';
}

// lwIP -> UART (pppos output callback, tcpip thread). Returns the bytes taken; fewer makes lwIP drop the frame.
// lwIP 2.1 declares the data as u8_t *, later lwIP as const void *: see README bring-up check 3.
static u32_t PppOutput(ppp_pcb *pcb, u8_t *data, u32_t len, void *ctx)
{
    LWIP_UNUSED_ARG(pcb);
    LWIP_UNUSED_ARG(ctx);
    int written = uart_write_bytes(s.uart, (const char *)data, (size_t)len);
    return written < 0 ? 0 : (u32_t)written;
}

// Link status callback (tcpip thread): PPPERR_NONE when IPCP is up, any other code when the session ended
// (lwIP has then reached the dead phase, where ppp_free is allowed).
static void PppLinkStatus(ppp_pcb *pcb, int errCode, void *ctx)
{
    LWIP_UNUSED_ARG(ctx);
    if (errCode == PPPERR_NONE)
    {
        struct netif *n = ppp_netif(pcb);
        s.address[0] = ToManaged(ip4_addr_get_u32(netif_ip4_addr(n)));
        s.address[1] = ToManaged(ip4_addr_get_u32(netif_ip4_gw(n)));
#if LWIP_DNS
        // What the peer's IPCP gave us (usepeerdns, client only); lwIP also registers them with dns_setserver.
        s.address[2] = s.server ? 0 : ToManaged(pcb->ipcp_gotoptions.dnsaddr[0]);
        s.address[3] = s.server ? 0 : ToManaged(pcb->ipcp_gotoptions.dnsaddr[1]);
#endif
        s.pppErr = PPPERR_NONE;
        s.state = StateUp;
    }
    else
    {
        s.pppErr = errCode;
        s.state = StateEnded;
    }
}

// UART -> lwIP. pppos_input_tcpip copies the bytes into a pbuf and queues them to the tcpip thread.
// ERR_MEM (no pbuf, or the tcpip mailbox full) is back-pressure, not loss: the chunk is handed again
// after a short wait while the UART driver's ring buffer (and, with RTS/CTS, the module) holds what
// follows. Any other refusal loses the chunk and is counted, never silently.
static void RxTask(void *arg)
{
    LWIP_UNUSED_ARG(arg);
    static uint8_t buffer[RxChunk];
    while (s.rxRun)
    {
        int n = uart_read_bytes(s.uart, buffer, RxChunk, pdMS_TO_TICKS(RxWaitMs));
        if (n <= 0)
        {
            continue;
        }
        err_t err = pppos_input_tcpip(s.pcb, buffer, n);
        while (err == ERR_MEM && s.rxRun)
        {
            vTaskDelay(pdMS_TO_TICKS(InputRetryMs) > 0 ? pdMS_TO_TICKS(InputRetryMs) : 1);
            err = pppos_input_tcpip(s.pcb, buffer, n);
        }
        if (err != ERR_OK && err != ERR_MEM && s.inputErrors < 255)
        {
            s.inputErrors = s.inputErrors + 1;
        }
    }
    // From here on the task no longer touches s.pcb: the pcb may be freed once this is seen.
    xSemaphoreGive(s.rxStopped);
    vTaskDelete(NULL);
}

// Asks the receive task to stop; true once it has (at once when there is none). Never waits.
static bool RxTaskStopped()
{
    if (s.rxTask == NULL)
    {
        return true;
    }
    s.rxRun = false;
    if (xSemaphoreTake(s.rxStopped, 0) != pdTRUE)
    {
        return false;
    }
    s.rxTask = NULL;
    return true;
}

static bool InstallUart(uart_port_t uart, int baud, int tx, int rx, int rts, int cts)
{
    // The managed SerialPort must have been closed (its Dispose uninstalls the driver): never take a UART
    // another owner still drives.
    if (uart_is_driver_installed(uart))
    {
        return false;
    }

    uart_config_t config;
    memset(&config, 0, sizeof(config));
    config.baud_rate = baud;
    config.data_bits = UART_DATA_8_BITS;
    config.parity = UART_PARITY_DISABLE;
    config.stop_bits = UART_STOP_BITS_1;
    config.flow_ctrl = (rts >= 0 && cts >= 0) ? UART_HW_FLOWCTRL_CTS_RTS : UART_HW_FLOWCTRL_DISABLE;
    config.rx_flow_ctrl_thresh = 100;
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 0, 0)
    config.source_clk = UART_SCLK_DEFAULT;
#else
    config.source_clk = UART_SCLK_APB;
#endif

    if (uart_driver_install(uart, RxBufferSize, TxBufferSize, 0, NULL, 0) != ESP_OK)
    {
        return false;
    }
    // -1 is UART_PIN_NO_CHANGE: a pin the profile does not give keeps its routing.
    if (uart_param_config(uart, &config) != ESP_OK || uart_set_pin(uart, tx, rx, rts, cts) != ESP_OK)
    {
        uart_driver_delete(uart);
        return false;
    }
    return true;
}

// Frees the session and the UART. Only in the dead phase (state ended) or before ppp_connect/ppp_listen,
// and only with the receive task stopped (it reads s.pcb).
static void FreeSession()
{
    if (s.pcb != NULL)
    {
        pppapi_free(s.pcb);
        s.pcb = NULL;
    }
    uart_driver_delete(s.uart);
    s.dropping = false;
}

// One step of ending the session: drop it if it still runs, stop the task, free when both are done.
static int ReleaseStep()
{
    if (s.pcb == NULL)
    {
        return ReleaseDone;
    }
    if (s.state != StateEnded && !s.dropping)
    {
        // Still running (or terminating): drop it without the LCP exchange; lwIP reports the end
        // (the status callback sets StateEnded) from its tcpip thread.
        s.dropping = true;
        pppapi_close(s.pcb, 1);
    }
    bool taskStopped = RxTaskStopped();
    if (s.state != StateEnded || !taskStopped)
    {
        return ReleasePending;
    }
    FreeSession();
    return ReleaseDone;
}

// CLR soft reboot (a deployment, a managed reboot): the managed side that owned the session is gone, the
// native state below survives. End the session here, waiting (no managed code runs now), so the next
// Open finds the UART and the pcb free. If lwIP never reaches its dead phase the pcb is left alone:
// freeing a live one would corrupt lwIP; Open then answers busy until a power cycle, as before.
static void SoftReboot()
{
    for (int waited = 0; ReleaseStep() == ReleasePending && waited < SoftRebootWaitMs; waited += 10)
    {
        vTaskDelay(pdMS_TO_TICKS(10));
    }
}

signed int NativePpp::Open(
    signed int uart,
    signed int baudRate,
    signed int txPin,
    signed int rxPin,
    signed int rtsPin,
    signed int ctsPin,
    bool server,
    const char *user,
    const char *password,
    unsigned int ourAddress,
    unsigned int peerAddress,
    HRESULT &hr)
{
    (void)hr;

    static bool softRebootHandlerAdded = false;
    if (!softRebootHandlerAdded)
    {
        HAL_AddSoftRebootHandler(SoftReboot);
        softRebootHandlerAdded = true;
    }
    if (s.pcb != NULL)
    {
        return OpenBusy;
    }
    if (uart < 0 || uart >= UART_NUM_MAX || baudRate <= 0)
    {
        return OpenArgs;
    }
    if (server && (ourAddress == 0 || peerAddress == 0))
    {
        return OpenArgs;
    }
    if (s.rxStopped == NULL)
    {
        s.rxStopped = xSemaphoreCreateBinary();
        if (s.rxStopped == NULL)
        {
            return OpenTask;
        }
    }

    s.uart = (uart_port_t)uart;
    if (!InstallUart(s.uart, baudRate, txPin, rxPin, rtsPin, ctsPin))
    {
        return OpenUart;
    }

    s.server = server;
    s.state = StateNegotiating;
    s.pppErr = PPPERR_NONE;
    s.inputErrors = 0;
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
        uart_driver_delete(s.uart);
        s.state = StateNone;
        return OpenLwip;
    }

    // Dead phase: the settings may be written from this thread (ppp.h).
    if (server)
    {
        // PAP only (spec: the embedded server negotiates PAP), the peer must authenticate; lwIP's
        // auth_check_passwd compares the peer's PAP user/password with settings.user/passwd, i.e. what
        // ppp_set_auth stores. IPCP: our address and the one we assign to the peer.
        ip4_addr_t ours;
        ip4_addr_t his;
        ip4_addr_set_u32(&ours, lwip_htonl(ourAddress));
        ip4_addr_set_u32(&his, lwip_htonl(peerAddress));
        ppp_set_auth(s.pcb, PPPAUTHTYPE_PAP, s.user, s.password);
        ppp_set_auth_required(s.pcb, 1);
        ppp_set_ipcp_ouraddr(s.pcb, &ours);
        ppp_set_ipcp_hisaddr(s.pcb, &his);
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
        // Never started, so still in the dead phase, and no task yet: free at once.
        FreeSession();
        s.state = StateNone;
        return OpenLwip;
    }

    s.rxRun = true;
    if (xTaskCreate(RxTask, "nfatip_ppp_rx", RxTaskStack, NULL, RxTaskPriority, &s.rxTask) != pdPASS)
    {
        s.rxTask = NULL;
        s.rxRun = false;
        // The session runs: drop it; managed code's Release calls finish the job (Open answered != 0).
        ReleaseStep();
        return OpenTask;
    }
    return OpenOk;
}

signed int NativePpp::Status(HRESULT &hr)
{
    (void)hr;
    int state = s.pcb == NULL && s.state != StateEnded ? StateNone : s.state;
    return (state & 0xFF) | ((s.pppErr & 0xFF) << 8) | ((s.inputErrors & 0xFF) << 16);
}

unsigned int NativePpp::GetAddress(signed int which, HRESULT &hr)
{
    (void)hr;
    if (which < 0 || which > 3 || s.state != StateUp)
    {
        return 0;
    }
    return s.address[which];
}

void NativePpp::Close(HRESULT &hr)
{
    (void)hr;
    if (s.pcb != NULL && s.state != StateEnded)
    {
        // Clean termination (LCP Terminate-Request); the status callback reports PPPERR_USER when done.
        pppapi_close(s.pcb, 0);
    }
}

signed int NativePpp::Release(HRESULT &hr)
{
    (void)hr;
    return ReleaseStep();
}
