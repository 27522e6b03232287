using System.Reflection;

// Native version the firmware image must implement for NfAtip.Ppp (the interop assembly built by
// NfAtip.Ppp.nfproj). Must equal the version in firmware/native/NfAtip.Ppp/NfAtip_Ppp.cpp; raise both
// whenever NativePpp's extern methods change.
[assembly: AssemblyNativeVersion("1.2.0.0")]
