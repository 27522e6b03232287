using System;
using System.Diagnostics;
using System.Threading;

namespace NfAtip.PppHost
{
    /// <summary>
    /// One direction of a modelled radio link: bytes pass no faster than its bit rate (10 bits a byte on an
    /// asynchronous CSD line, as the module's CONNECT 9600 means; 8 on a packet bearer). Pace blocks the
    /// caller until the bytes would have crossed the air; 0 bit/s is unthrottled. One caller at a time.
    /// </summary>
    public sealed class LineRate
    {
        private readonly int _bitsPerSecond;
        private readonly int _bitsPerByte;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _freeAtMs; // when the line has sent everything paced so far

        public LineRate(int bitsPerSecond, int bitsPerByte)
        {
            if (bitsPerSecond < 0 || bitsPerByte <= 0) throw new ArgumentOutOfRangeException(nameof(bitsPerSecond));
            _bitsPerSecond = bitsPerSecond;
            _bitsPerByte = bitsPerByte;
        }

        public static LineRate Unthrottled => new LineRate(0, 8);

        public int BitsPerSecond => _bitsPerSecond;

        public void Pace(int bytes)
        {
            if (_bitsPerSecond == 0 || bytes <= 0) return;
            double now = _clock.Elapsed.TotalMilliseconds;
            if (_freeAtMs < now) _freeAtMs = now; // an idle line does not bank time
            _freeAtMs += bytes * (double)_bitsPerByte * 1000.0 / _bitsPerSecond;
            int waitMs = (int)(_freeAtMs - now);
            if (waitMs > 0) Thread.Sleep(waitMs);
        }
    }

    /// <summary>The line rates a data call can be modelled at (bit/s per direction).</summary>
    public sealed class CallRates
    {
        public CallRates(string name, int downlink, int uplink, int bitsPerByte)
        {
            Name = name;
            Downlink = downlink;
            Uplink = uplink;
            BitsPerByte = bitsPerByte;
        }

        public string Name { get; }

        /// <summary>Network to board, bit/s (0: unthrottled).</summary>
        public int Downlink { get; }

        /// <summary>Board to network, bit/s (0: unthrottled).</summary>
        public int Uplink { get; }

        public int BitsPerByte { get; }

        /// <summary>A GSM circuit-switched data call: 9600 bit/s both ways, start and stop bits on the air interface's V.110 rate adaption.</summary>
        public static readonly CallRates Csd = new CallRates("csd", 9600, 9600, 10);

        /// <summary>
        /// GPRS multislot class 10 (SIM800's): 4 timeslots down, 2 up (5 in total), CS-2 at 13.4 kbit/s a slot;
        /// 3GPP TS 45.002 annex B and TS 45.003's coding schemes.
        /// </summary>
        public static readonly CallRates GprsClass10 = new CallRates("gprs", 4 * 13400, 2 * 13400, 8);

        public static readonly CallRates Unthrottled = new CallRates("off", 0, 0, 8);

        /// <summary>"csd", "gprs" or "off"; null for anything else.</summary>
        public static CallRates Parse(string name)
        {
            switch (name)
            {
                case "csd": return Csd;
                case "gprs": return GprsClass10;
                case "off": return Unthrottled;
                default: return null;
            }
        }
    }
}
