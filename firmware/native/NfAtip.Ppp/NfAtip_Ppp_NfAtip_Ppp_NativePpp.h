//-----------------------------------------------------------------------------
//
//  NfAtip.Ppp — lwIP PPPoS native interop for the nf-atip nanoFramework ESP32 image.
//
//  NOT COMPILED AND NOT RUN: these machines have no ESP-IDF / nf-interpreter toolchain.
//  Written to lwIP 2.x's documented PPP API (ppp.h, pppos.h, pppapi.h, doc/ppp.txt)
//  and nanoFramework's interop stub layout (metadata processor templates). The
//  first bring-up on hardware must go through the checklist in README.md.
//
//-----------------------------------------------------------------------------
//  Declarations of the functions the marshalling code calls (the "user code"
//  side of the interop). Compare with the generated header after generating the
//  stubs: the namespace names and parameter types there win.
//-----------------------------------------------------------------------------

#ifndef NFATIP_PPP_NFATIP_PPP_NATIVEPPP_H
#define NFATIP_PPP_NFATIP_PPP_NATIVEPPP_H

namespace NfAtip_Ppp
{
    namespace NfAtip_Ppp
    {
        struct NativePpp
        {
            static signed int Open(
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
                HRESULT &hr);
            static signed int Status(HRESULT &hr);
            static unsigned int GetAddress(signed int which, HRESULT &hr);
            static void Close(HRESULT &hr);
            static signed int Release(HRESULT &hr);
            static signed int Input(CLR_RT_TypedArray_UINT8 data, signed int offset, signed int count, HRESULT &hr);
        };
    } // namespace NfAtip_Ppp
} // namespace NfAtip_Ppp

#endif // NFATIP_PPP_NFATIP_PPP_NATIVEPPP_H
