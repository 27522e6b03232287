using System.Runtime.CompilerServices;

namespace NfAtip.Ppp
{
    /// <summary>
    /// Managed face of the NfAtip.Ppp native interop (C++ in firmware/native/NfAtip.Ppp): lwIP PPPoS over
    /// the module UART inside a custom nanoFramework ESP32 image. Stock images do not contain it: calling
    /// any of these on one throws (the runtime finds no native implementation for the assembly).
    ///
    /// The native side owns the UART while a session exists (from <see cref="Open"/> until
    /// <see cref="Release"/>): the managed SerialPort on that COM port must be closed before Open and may be
    /// reopened only after Release. See LwipPppLink and IPppUartHandover.
    ///
    /// This class is the whole interop assembly (NfAtip.Ppp.nfproj compiles this file alone, with
    /// Properties/AssemblyInfo.cs): the native method table is indexed by method order in the assembly, so
    /// adding, removing or reordering a method here means regenerating the stubs (README in the native
    /// folder) and raising AssemblyNativeVersion on both sides.
    /// </summary>
    public static class NativePpp
    {
        /// <summary>
        /// Installs the ESP-IDF UART driver on <paramref name="uart"/> (ESP32 UART number: COM1 = 0, COM2 = 1,
        /// COM3 = 2) at <paramref name="baudRate"/> 8N1, on the given pins (-1: leave the pin as routed; RTS
        /// and CTS both set: hardware flow control), creates the PPPoS session and starts negotiating: as
        /// client (PAP or CHAP with <paramref name="user"/>/<paramref name="password"/>, DNS asked from the
        /// peer) or as server (PAP required, checked against <paramref name="user"/>/<paramref name="password"/>,
        /// IPCP assigns <paramref name="ourAddress"/> to us and <paramref name="peerAddress"/> to the peer;
        /// addresses are IPv4 with the first octet in the top byte; ignored as client).
        /// Returns 0 when negotiation started, else a negative local error: -1 a session already exists,
        /// -2 the UART is still in use or refused its configuration, -3 lwIP refused the session,
        /// -4 the receive task could not start, -5 bad argument.
        /// </summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Open(int uart, int baudRate, int txPin, int rxPin, int rtsPin, int ctsPin,
            bool server, string user, string password, uint ourAddress, uint peerAddress);

        /// <summary>
        /// Session state in the low byte (0 none, 1 negotiating, 2 up, 3 ended), once ended lwIP's PPPERR_*
        /// code in the second byte, and in the third the number of received chunks lwIP refused for a reason
        /// other than memory (saturating at 255; memory shortage is waited out, not dropped). Decoded by PppStatusMap.
        /// </summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Status();

        /// <summary>0 our address, 1 the peer's, 2 primary DNS, 3 secondary DNS (as offered by the peer's IPCP); 0 when unknown.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern uint GetAddress(int which);

        /// <summary>Starts a clean PPP termination (LCP Terminate-Request); returns at once. The session still owns the UART.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void Close();

        /// <summary>
        /// Ends the session whatever its state and returns at once: the first call drops a running session
        /// without termination and tells the receive task to stop. Once lwIP has reached its dead phase and
        /// the task has stopped, a call frees the lwIP session, uninstalls the UART driver (managed code may
        /// reopen the port) and returns 0; until then it returns 1 and the caller calls again later. The
        /// waiting is the caller's, never inside this call. 0 without a session.
        /// </summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Release();

        /// <summary>
        /// Bytes the radio driver read from the module after CONNECT, before it handed the UART over (the
        /// peer's first LCP frame often comes right behind CONNECT): given to the session ahead of what the
        /// native side receives itself, which waits for this call (at most 200 ms): call it right after Open,
        /// with count 0 when there is nothing. Returns how many it took (0 without a session).
        /// </summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Input(byte[] data, int offset, int count);
    }
}
