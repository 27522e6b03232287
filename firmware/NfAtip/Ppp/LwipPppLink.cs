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

        private readonly IPppUartHandover _uart;
        private readonly PppUartSettings _settings;
        private readonly IClock _clock;

        private bool _session;      // native session exists (UART handed over)
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
            }
        }

        public int Poll()
        {
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

        /// <summary>Releases the native session (idempotent on the native side) and gives the UART back.</summary>
        private void EndSession()
        {
            try
            {
                NativePpp.Release();
            }
            catch (Exception)
            {
                // No native assembly: nothing was taken.
            }
            _session = false;
            // A link that dropped has no addresses any more (AT#DISPLAYIP and the sockets must not see the old ones).
            _local = _peer = _dns1 = _dns2 = 0;
            _uart.ReclaimAfterPpp();
        }
    }
}
