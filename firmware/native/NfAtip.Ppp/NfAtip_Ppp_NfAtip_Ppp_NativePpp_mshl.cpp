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
//  Marshalling: managed arguments off the CLR stack frame, call, result back.
//  The metadata processor generates this file; replace it with the generated
//  one (it must match the declarations in the class header).
//-----------------------------------------------------------------------------

#include "NfAtip_Ppp.h"
#include "NfAtip_Ppp_NfAtip_Ppp_NativePpp.h"

using namespace NfAtip_Ppp::NfAtip_Ppp;

HRESULT Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::Open___STATIC__I4__I4__I4__I4__I4__I4__I4__BOOLEAN__STRING__STRING__U4__U4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int uart;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 0, uart));
        signed int baudRate;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 1, baudRate));
        signed int txPin;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 2, txPin));
        signed int rxPin;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 3, rxPin));
        signed int rtsPin;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 4, rtsPin));
        signed int ctsPin;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 5, ctsPin));
        bool server;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_bool(stack, 6, server));
        const char *user;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_LPCSTR(stack, 7, user));
        const char *password;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_LPCSTR(stack, 8, password));
        unsigned int ourAddress;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT32(stack, 9, ourAddress));
        unsigned int peerAddress;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT32(stack, 10, peerAddress));

        signed int retValue = NativePpp::Open(
            uart, baudRate, txPin, rxPin, rtsPin, ctsPin, server, user, password, ourAddress, peerAddress, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::Status___STATIC__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int retValue = NativePpp::Status(hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::GetAddress___STATIC__U4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int which;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 0, which));

        unsigned int retValue = NativePpp::GetAddress(which, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_UINT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::Close___STATIC__VOID(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        (void)stack;
        NativePpp::Close(hr);
        NANOCLR_CHECK_HRESULT(hr);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::Release___STATIC__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int retValue = NativePpp::Release(hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::Input___STATIC__I4__SZARRAY_U1__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        CLR_RT_TypedArray_UINT8 data;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 0, data));
        signed int offset;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 1, offset));
        signed int count;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 2, count));

        signed int retValue = NativePpp::Input(data, offset, count, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}
