//-----------------------------------------------------------------------------
//
//  NfAtip.Ppp — lwIP PPPoS native interop for the nf-atip nanoFramework images
//  (ESP32 and STM32).
//
//  NOT BUILT FOR A BOARD AND NOT RUN: these machines have no ESP-IDF or ChibiOS
//  toolchain and no board. Type-checked (g++ -fsyntax-only) against lwIP 2.1.3's
//  PPP headers and nanoCLR's headers; the first bring-up on hardware must go
//  through the checklist in README.md.
//
//-----------------------------------------------------------------------------
//  The nanoFramework side of NativePpp (firmware/NfAtip/Ppp/NativePpp.cs): each
//  method calls the PPP session core (nfatip_ppp.c), which runs the session over
//  the platform's port (nfatip_ppp_port_esp32.cpp or _chibios.cpp). This file
//  adds what only the CLR has: the soft-reboot hook. A CLR soft reboot (every
//  deployment) keeps the native state, so a session left behind is ended then,
//  and the next Open does not find the UART and the pcb taken.
//-----------------------------------------------------------------------------

#include "NfAtip_Ppp.h"
#include "NfAtip_Ppp_NfAtip_Ppp_NativePpp.h"

#include <nanoHAL.h>

#include "nfatip_ppp.h"

using namespace NfAtip_Ppp::NfAtip_Ppp;

static void SoftReboot()
{
    nfatip_ppp_soft_reboot();
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
    return nfatip_ppp_open(uart, baudRate, txPin, rxPin, rtsPin, ctsPin, server, user, password, ourAddress, peerAddress);
}

signed int NativePpp::Status(HRESULT &hr)
{
    (void)hr;
    return nfatip_ppp_status();
}

unsigned int NativePpp::GetAddress(signed int which, HRESULT &hr)
{
    (void)hr;
    return nfatip_ppp_address(which);
}

void NativePpp::Close(HRESULT &hr)
{
    (void)hr;
    nfatip_ppp_close();
}

signed int NativePpp::Release(HRESULT &hr)
{
    (void)hr;
    return nfatip_ppp_release();
}

signed int NativePpp::Input(CLR_RT_TypedArray_UINT8 data, signed int offset, signed int count, HRESULT &hr)
{
    // The managed caller passes a range of its receive buffer; a range outside the array is its bug.
    if (offset < 0 || count < 0 || (unsigned int)offset > data.GetSize() || (unsigned int)count > data.GetSize() - (unsigned int)offset)
    {
        hr = CLR_E_INDEX_OUT_OF_RANGE;
        return 0;
    }
    return nfatip_ppp_input(data.GetBuffer() + offset, count);
}
