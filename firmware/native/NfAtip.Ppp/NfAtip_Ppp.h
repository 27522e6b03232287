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
//  Assembly header, in the layout the metadata processor generates for the
//  interop assembly NfAtip.Ppp (firmware/NfAtip/Ppp/NfAtip.Ppp.nfproj). After
//  generating the stubs, compare with the generated NfAtip_Ppp.h and keep the
//  generated one.
//-----------------------------------------------------------------------------

#ifndef NFATIP_PPP_H
#define NFATIP_PPP_H

#include <nanoCLR_Interop.h>
#include <nanoCLR_Runtime.h>
#include <nanoPackStruct.h>

struct Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp
{
    NANOCLR_NATIVE_DECLARE(Open___STATIC__I4__I4__I4__I4__I4__I4__I4__BOOLEAN__STRING__STRING__U4__U4);
    NANOCLR_NATIVE_DECLARE(Status___STATIC__I4);
    NANOCLR_NATIVE_DECLARE(GetAddress___STATIC__U4__I4);
    NANOCLR_NATIVE_DECLARE(Close___STATIC__VOID);
    NANOCLR_NATIVE_DECLARE(Release___STATIC__I4);
    NANOCLR_NATIVE_DECLARE(Input___STATIC__I4__SZARRAY_U1__I4__I4);

    //--//
};

extern const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_NfAtip_Ppp;

#endif // NFATIP_PPP_H
