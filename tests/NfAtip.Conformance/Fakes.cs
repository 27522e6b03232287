using System;
using NfAtip.Platform;

namespace NfAtip.Conformance
{
    /// <summary>Growable byte buffer (nanoFramework's mscorlib has no List or MemoryStream).</summary>
    public sealed class Bytes
    {
        private byte[] _data = new byte[256];
        private int _length;

        public int Length { get { return _length; } }

        public byte this[int i] { get { return _data[i]; } }

        public void Add(byte[] buffer, int offset, int count)
        {
            if (_length + count > _data.Length)
            {
                int size = _data.Length * 2;
                while (size < _length + count) size *= 2;
                byte[] grown = new byte[size];
                Array.Copy(_data, grown, _length);
                _data = grown;
            }
            Array.Copy(buffer, offset, _data, _length, count);
            _length += count;
        }

        public void Clear() { _length = 0; }

        /// <summary>Bytes from <paramref name="start"/> as a latin-1 string (one char per byte).</summary>
        public string Text(int start)
        {
            char[] chars = new char[_length - start];
            for (int i = start; i < _length; i++) chars[i - start] = (char)_data[i];
            return new string(chars);
        }
    }

    /// <summary>The host side of the board's UART, driven by the runner: what it types, what the board wrote.</summary>
    public sealed class HostLine : ISerialLine
    {
        private byte[] _pending = new byte[0];
        private int _taken;
        public readonly Bytes Output = new Bytes();

        public int Pending { get { return _pending.Length - _taken; } }

        public void Type(byte[] bytes)
        {
            byte[] rest = new byte[Pending + bytes.Length];
            Array.Copy(_pending, _taken, rest, 0, Pending);
            Array.Copy(bytes, 0, rest, Pending, bytes.Length);
            _pending = rest;
            _taken = 0;
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            int n = Pending < count ? Pending : count;
            Array.Copy(_pending, _taken, buffer, offset, n);
            _taken += n;
            return n;
        }

        public void Write(byte[] buffer, int offset, int count) { Output.Add(buffer, offset, count); }

        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    /// <summary>NOR-like flash in RAM: erase sets 0xFF, programming only clears bits.</summary>
    public sealed class RamFlash : IFlash
    {
        private readonly byte[] _image;

        public RamFlash(int sectorSize, int sectorCount)
        {
            SectorSize = sectorSize;
            SectorCount = sectorCount;
            _image = new byte[sectorSize * sectorCount];
            for (int i = 0; i < _image.Length; i++) _image[i] = 0xFF;
        }

        public int SectorSize { get; private set; }
        public int SectorCount { get; private set; }

        public void Read(int address, byte[] buffer, int offset, int count) { Array.Copy(_image, address, buffer, offset, count); }

        public void EraseSector(int sector)
        {
            for (int i = sector * SectorSize; i < (sector + 1) * SectorSize; i++) _image[i] = 0xFF;
        }

        /// <summary>Flips the lowest bit of one byte (bit rot).</summary>
        public void CorruptByte(int address) { _image[address] ^= 0x01; }

        /// <summary>While set, programming changes nothing (a worn or failing sector): the store's read-back sees it.</summary>
        public bool FailWrites;

        public void Write(int address, byte[] buffer, int offset, int count)
        {
            if (FailWrites) return;
            for (int i = 0; i < count; i++) _image[address + i] &= buffer[offset + i];
        }
    }

    /// <summary>A clock that moves only when the runner or a waiting module read moves it.</summary>
    public sealed class ManualClock : IClock
    {
        public long Now;

        public long TickMs { get { return Now; } }

        public DateTime UtcNow { get { return new DateTime(2026, 11, 24, 12, 0, 0).AddMilliseconds(Now); } }
    }

    /// <summary>
    /// A scripted SIM800: every command line is answered from the table (a SIM, registered at home, the
    /// packet call connecting), "OK" for the other commands the driver sends, "ERROR" for the rest; a read with nothing to deliver moves the clock by its
    /// timeout so the board's waits elapse at once. The same answers as tests/NfAtip.TestSupport's ScriptedRadio.
    /// </summary>
    public sealed class ScriptedModule : ISerialLine
    {
        private static readonly string[] Commands = { "AT+CPIN?", "AT+CREG?", "AT+CGREG?", "ATD*99***1#", "ATD0860000000" };
        private static readonly string[] Answers =
        {
            "\r\n+CPIN: READY\r\n\r\nOK\r\n", "\r\n+CREG: 0,1\r\n\r\nOK\r\n", "\r\n+CGREG: 0,1\r\n\r\nOK\r\n", "\r\nCONNECT\r\n",
            "\r\nCONNECT 9600\r\n", // Appendix A's ISP number answers a GSM data call
        };

        private readonly ManualClock _clock;
        private readonly HostLine _toBoard = new HostLine();
        private readonly char[] _line = new char[256];
        private int _lineLength;
        /// <summary>The AT+CGMM answer, or null: ERROR, as the commands the SIM800 table does not list.</summary>
        public string Model;

        /// <summary>An LTE-M module: registered by +CEREG only (+CREG and +CGREG 0,0).</summary>
        public bool Lte;

        public int LinesReceived;
        public string LastLine = "";
        public int Dials;

        // After CONNECT the module carries the call's bytes (PPP is on the IP link here) until the escape:
        // three '+' answered OK (V.250 guard times are the board's to keep).
        private bool _dataMode;
        private int _pluses;

        public ScriptedModule(ManualClock clock) { _clock = clock; }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (_toBoard.Pending == 0)
            {
                _clock.Now += timeoutMs > 1 ? timeoutMs : 1;
                return 0;
            }
            return _toBoard.Read(buffer, offset, count, 0);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                byte b = buffer[i];
                if (_dataMode)
                {
                    _pluses = b == (byte)'+' ? _pluses + 1 : 0;
                    if (_pluses == 3)
                    {
                        _dataMode = false;
                        _pluses = 0;
                        _lineLength = 0;
                        _toBoard.Type(Latin1("\r\nOK\r\n"));
                    }
                    continue;
                }
                if (b != 13)
                {
                    if (_lineLength < _line.Length) _line[_lineLength++] = (char)b;
                    continue;
                }
                string line = new string(_line, 0, _lineLength);
                _lineLength = 0;
                LinesReceived++;
                LastLine = line;
                // V.250: a line without the AT prefix (a "+++" escape while no call is up) is ignored.
                if (line.Length < 2 || (line[0] != 'A' && line[0] != 'a')) continue;
                string upper = line.ToUpper();
                string answer = Accepts(upper) ? "\r\nOK\r\n" : "\r\nERROR\r\n";
                for (int k = 0; k < Commands.Length; k++) if (Commands[k] == upper) answer = Answers[k];
                if (upper == "AT+CGMM" && Model != null) answer = "\r\n" + Model + "\r\n\r\nOK\r\n";
                if (Lte && upper == "AT+CEREG?") answer = "\r\n+CEREG: 0,1\r\n\r\nOK\r\n";
                if (Lte && upper == "AT+CREG?") answer = "\r\n+CREG: 0,0\r\n\r\nOK\r\n";
                if (Lte && upper == "AT+CGREG?") answer = "\r\n+CGREG: 0,0\r\n\r\nOK\r\n";
                if (upper.StartsWith("ATD")) Dials++;
                if (answer.StartsWith("\r\nCONNECT")) _dataMode = true;
                _toBoard.Type(Latin1(answer));
            }
        }

        public void Configure(int baudRate, bool hardwareFlowControl) { }

        /// <summary>The commands a SIM800 takes that the board's driver sends; anything else is ERROR, as on the module.</summary>
        private static bool Accepts(string line)
        {
            for (int i = 0; i < Exact.Length; i++) if (line == Exact[i]) return true;
            for (int i = 0; i < Prefixes.Length; i++) if (line.StartsWith(Prefixes[i])) return true;
            return false;
        }

        private static readonly string[] Exact = { "AT", "ATE0", "ATE1", "ATV1", "ATH", "ATH0", "AT+CGATT?" };
        private static readonly string[] Prefixes = { "AT+CMEE=", "AT+CREG=", "AT+CGREG=", "AT+CLIP=", "AT+CGDCONT=", "AT+CGATT=", "AT+IPR=", "AT+IFC=", "ATS0=" };

        public static byte[] Latin1(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++) b[i] = (byte)s[i];
            return b;
        }
    }

    /// <summary>PPP or GPRS IP that comes up at once with fixed addresses (the network's side is not modelled).</summary>
    public sealed class ScriptedIpLink : IIpLink
    {
        private bool _up;
        public int Opens;

        public void Open(IpLinkRequest request) { _up = true; Opens++; }

        public int Poll() { return _up ? IpLinkStatus.Up : IpLinkStatus.Negotiating; }

        public uint LocalAddress { get { return _up ? 0xD51E1E1Eu : 0; } }   // 213.30.30.30, Appendix A's address

        public uint PeerAddress { get { return _up ? 0xD51E1E01u : 0; } }    // 213.30.30.1

        public uint PrimaryDns { get { return 0; } }

        public uint SecondaryDns { get { return 0; } }

        public void Close() { _up = false; }
    }

    /// <summary>No internet behind the link: every connection attempt fails at once.</summary>
    public sealed class NoNetwork : INetwork
    {
        public ITcpConnection Connect(uint address, int port, int timeoutMs) { return null; }

        public ITcpListener Listen(int port) { return null; }

        public IUdpSocket OpenUdp() { return null; }
    }
}
