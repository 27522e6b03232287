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
//  Method lookup table and native assembly declaration. The table is indexed by
//  the methods of the NfAtip.Ppp assembly in metadata order (NativePpp's six
//  extern methods in declaration order, nothing else in that assembly), and the
//  checksum is the one the metadata processor computes from those signatures
//  and writes into NfAtip.Ppp.pe; nanoCLR refuses the assembly at load when
//  they differ ("Invalid native checksum"). The guard (tools/NfGuard, rule
//  NFG103) computes it from NativePpp.cs and fails when this value is stale.
//  The version must equal [assembly: AssemblyNativeVersion] in
//  firmware/NfAtip/Ppp/Properties/AssemblyInfo.cs.
//-----------------------------------------------------------------------------

#include "NfAtip_Ppp.h"

// clang-format off

static const CLR_RT_MethodHandler method_lookup[] =
{
    Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::Open___STATIC__I4__I4__I4__I4__I4__I4__I4__BOOLEAN__STRING__STRING__U4__U4,
    Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::Status___STATIC__I4,
    Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::GetAddress___STATIC__U4__I4,
    Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::Close___STATIC__VOID,
    Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::Release___STATIC__I4,
    Library_NfAtip_Ppp_NfAtip_Ppp_NativePpp::Input___STATIC__I4__SZARRAY_U1__I4__I4,
};

const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_NfAtip_Ppp =
{
    "NfAtip.Ppp",
    0x3A85B58C, // native methods checksum of NfAtip.Ppp (NativePpp.cs), checked by the guard
    method_lookup,
    { 1, 2, 0, 0 }
};

// clang-format on
