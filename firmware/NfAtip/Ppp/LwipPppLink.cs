using System;
using System.Threading;
using NfAtip.Platform;
using NfAtip.Ppp;

namespace NfAtip.Device
{
    /// <summary>
    /// IIpLink over lwIP PPPoS in the firmware image (NfAtip.Ppp native interop, firmware/native/NfAtip.Ppp).
    /// The device application's IP link (Program.cs); NoPppLink only serves builds for stock
    /// images (NfAtip.nfproj, NfAtipStockImage).
    ///
    /// An image without the native assembly: every NativePpp call throws (the interpreter loads an assembly
    /// it has no native table for, and a call to one of its InternalCall methods fails with
    /// CLR_E_NOT_SUPPORTED, a NotSupportedException; read in the interpreter's sources, not run), Open
    /// catches it and Poll answers 36872, the spec's "internal resource unavailable", as NoPppLink does;
    /// the radio UART is given back at once. Keep that catch: it is what such an image shows the host.
    /// (Getting the application onto one is another matter: Visual Studio's deployment refuses an
    /// application whose NfAtip.Ppp checksum the image does not carry, hence the stock-image build.)
    ///
    /// UART ownership: the native side owns the module UART for the whole session. Open hands the UART
    /// over (IPppUartHandover.ReleaseForPpp disposes the managed SerialPort), then the native code installs
    /// the ESP-IDF UART driver, feeds every received byte to pppos_input_tcpip from its own task and writes
    /// lwIP's output straight to the UART. When the session ends (Close, a failure seen by Poll, or a
    /// failed Open) NativePpp.Release uninstalls the driver and ReclaimAfterPpp reopens the managed port,
    /// so the radio driver can talk to the module again (escape / hang up).
    ///
    /// The negotiation time limit (IpLinkRequest.TimeoutMs) is kept here with the board clock, not in
    /// native code; the status mapping to the spec's codes is PppStatusMap (host-tested).
    /// Not run on hardware yet: see firmware/native/NfAtip.Ppp/README.md.
    /// </summary>
    public sealed class LwipPppLink : IIpLink
    {
        /// <summary>How long Close waits for a clean LCP termination before dropping the session.</summary>
        private const int CloseGraceMs = 1500;
        private const int ClosePollMs = 50;

        /// <summary>
        /// How long EndSession waits for NativePpp.Release to finish (lwIP's dead phase, the receive task's
        /// stop: normally a few tens of ms). Past it the UART stays with the native side and Open/Poll finish
        /// the release later; the wait is here, between calls, so the interpreter's other threads keep running.
        /// </summary>
        private const int ReleaseWaitMs = 2500;
        private const int ReleasePollMs = 10;

        private static readonly byte[] NoBytes = new byte[0];

        private readonly IPppUartHandover _uart;
        private readonly PppUartSettings _settings;
        private readonly IClock _clock;

        private bool _session;      // native session exists (UART handed over)
        private bool _releasing;    // session ended, native side not done releasing: the UART is not back yet
        private bool _server;
        private int _timeoutMs;
        private long _startMs;
        private int _result;        // sticky failure code, 0 while none
        private uint _local, _peer, _dns1, _dns2;

        public LwipPppLink(IPppUartHandover uart, PppUartSettings settings, IClock clock)
        {
            if (uart == null || settings == null || clock == null) throw new ArgumentNullException();
            _uart = uart;
            _settings = settings;
            _clock = clock;
        }

        public uint LocalAddress { get { return _local; } }
        public uint PeerAddress { get { return _peer; } }
        public uint PrimaryDns { get { return _dns1; } }
        public uint SecondaryDns { get { return _dns2; } }

        public void Open(IpLinkRequest request)
        {
            if (_session) EndSession();
            if (_releasing)
            {
                FinishRelease(0);
                if (_releasing)
                {
                    // The previous session still holds the UART: refuse this one (36872), try again next time.
                    _result = PppStatusMap.ResourceUnavailable;
                    return;
                }
            }
            _server = request.Server;
            _timeoutMs = request.TimeoutMs;
            _startMs = _clock.TickMs;
            _result = 0;
            _local = _peer = _dns1 = _dns2 = 0;

            _uart.ReleaseForPpp();
            _session = true;
            int rc;
            try
            {
                rc = NativePpp.Open(_settings.Uart, _settings.BaudRate, _settings.TxPin, _settings.RxPin,
                    _settings.RtsPin, _settings.CtsPin, _server,
                    request.User ?? string.Empty, request.Password ?? string.Empty,
                    _server ? request.ServerLocalAddress : 0, _server ? request.ServerPeerAddress : 0);
            }
            catch (Exception)
            {
                // An image without the NfAtip.Ppp native assembly: the call itself fails. Answered as a
                // session that could not start (36872) below, like any other local refusal.
                rc = -3;
            }
            if (rc != 0)
            {
                _result = PppStatusMap.ResourceUnavailable;
                EndSession();
                return;
            }
            // Always, even with nothing: the native receive loop holds its reads until this call, so the bytes
            // already off the UART (often the peer's first Configure-Request) reach lwIP before newer ones.
            // Without them LCP waits for the peer's restart timer (3 s for pppd, 6 s for lwIP).
            bool any = request.ReceivedCount > 0 && request.Received != null;
            NativePpp.Input(any ? request.Received : NoBytes, 0, any ? request.ReceivedCount : 0);
        }

        public int Poll()
        {
            if (_releasing) FinishRelease(0);
            if (_result != 0) return _result;
            if (!_session) return PppStatusMap.ResourceUnavailable;
            int r = PppStatusMap.Map(NativePpp.Status(), _server, _clock.TickMs - _startMs, _timeoutMs);
            if (r == PppStatusMap.Up)
            {
                if (_local == 0) ReadAddresses();
                return r;
            }
            if (PppStatusMap.IsFailure(r))
            {
                // Timeout or failure: end the session now so the UART goes back to the radio driver.
                _result = r;
                EndSession();
            }
            return r;
        }

        public void Close()
        {
            if (!_session) return;
            NativePpp.Close();
            int waited = 0;
            while (waited < CloseGraceMs && PppStatusMap.State(NativePpp.Status()) != PppStatusMap.StateEnded)
            {
                Thread.Sleep(ClosePollMs);
                waited += ClosePollMs;
            }
            EndSession();
        }

        private void ReadAddresses()
        {
            _local = NativePpp.GetAddress(0);
            _peer = NativePpp.GetAddress(1);
            _dns1 = NativePpp.GetAddress(2);
            _dns2 = NativePpp.GetAddress(3);
        }

        /// <summary>Ends the native session and gives the UART back once the native side has let it go.</summary>
        private void EndSession()
        {
            _session = false;
            // A link that dropped has no addresses any more (AT#DISPLAYIP and the sockets must not see the old ones).
            _local = _peer = _dns1 = _dns2 = 0;
            _releasing = true;
            FinishRelease(ReleaseWaitMs);
        }

        /// <summary>
        /// Calls NativePpp.Release until it reports nothing left (or <paramref name="waitMs"/> passes), then
        /// reclaims the UART. Still releasing after that: the UART stays native, a later call finishes.
        /// </summary>
        private void FinishRelease(int waitMs)
        {
            int waited = 0;
            while (ReleaseOnce() != 0)
            {
                if (waited >= waitMs) return;
                Thread.Sleep(ReleasePollMs);
                waited += ReleasePollMs;
            }
            _releasing = false;
            _uart.ReclaimAfterPpp();
        }

        private static int ReleaseOnce()
        {
            try
            {
                return NativePpp.Release();
            }
            catch (Exception)
            {
                // No native assembly: nothing was taken.
                return 0;
            }
        }
    }
}
