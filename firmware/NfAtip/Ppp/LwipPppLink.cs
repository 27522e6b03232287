using System;
using System.Threading;
using NfAtip.Platform;
using NfAtip.Ppp;

namespace NfAtip.Device
{
    /// <summary>
    /// IIpLink over lwIP PPPoS in the firmware image (NfAtip.Ppp native interop, firmware/native/NfAtip.Ppp).
    /// Replaces the placeholder PppLink once the board runs a custom image containing the interop.
    ///
    /// UART ownership: the native side owns the module UART for the whole session. Open hands the UART
    /// over (IPppUartHandover.ReleaseForPpp closes the managed SerialPort), then the native code installs
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
                // An image without the NfAtip.Ppp native assembly: the call itself fails.
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
            _local = _peer = _dns1 = _dns2 = 0;
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
            _uart.ReclaimAfterPpp();
        }
    }
}
