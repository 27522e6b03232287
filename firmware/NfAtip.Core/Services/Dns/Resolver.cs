using System;
using NfAtip.At;
using NfAtip.Link;
using NfAtip.Net;
using NfAtip.Platform;

namespace NfAtip.Services.Dns
{
    /// <summary>
    /// Turns SMTPSERV/POP3SERV/FTPSERV/TCPSERV into an IPv4 address: dotted decimal directly, a name
    /// through DNS (the link's servers first, else DNSSERV1, then DNSSERV2), or 38027.
    /// <para>
    /// A small stub resolver (RFC 1035 over UDP, hardened per RFC 5452): one A query with recursion
    /// desired per server, a random ID and a fresh socket (so a fresh ephemeral source port) per query,
    /// replies accepted only from the server's address and port with our ID and our question echoed.
    /// Everything lives in buffers allocated once here: two 512-byte messages and two 256-byte name
    /// buffers; a query allocates nothing but the socket the platform hands out.
    /// </para>
    /// <para>No TCP fallback: a truncated (TC) reply counts as a failure of that server. An A answer
    /// for one name always fits 512 bytes unless the CNAME chain is absurd.</para>
    /// </summary>
    public sealed class Resolver
    {
        /// <summary>RFC 1035 §4.2.1: UDP messages are at most 512 bytes (we send no EDNS, so servers keep to it).</summary>
        public const int MessageSize = 512;

        /// <summary>Cached names; the cache never grows beyond this.</summary>
        public const int CacheEntries = 4;

        /// <summary>CNAME hops followed inside one reply before giving up (also ends CNAME loops).</summary>
        public const int MaxCnameHops = 8;

        /// <summary>
        /// Receives that bring nothing (a timeout, an empty datagram) before a query gives up even with time
        /// left: a platform whose receive returns at once must not spin the board. Datagrams that are not our
        /// reply have no such cap: a flood of forgeries must not hide the genuine reply within the deadline.
        /// </summary>
        public const int MaxEmptyReceives = 16;

        /// <summary>Longest time an answer is cached, whatever its TTL: a device running for months should see address changes.</summary>
        public const int MaxCacheSeconds = 86400;

        /// <summary>RFC 1035 §3.1: a name is at most 255 bytes in wire form (length bytes and the root included).</summary>
        private const int MaxWireName = 255;

        private const int HeaderLength = 12;
        private const int TypeA = 1;
        private const int TypeCname = 5;
        private const int ClassIn = 1;

        // What one received datagram turned out to be.
        private const int Foreign = 0;   // not the reply to our query: discard it and keep waiting (RFC 5452 §9.1)
        private const int Failed = 1;    // our reply, but no address from it: try the next server
        private const int Answered = 2;  // our reply with an address

        private readonly INetwork _network;
        private readonly IClock _clock;
        private readonly ConnectionManager _connection;
        private readonly ServiceTunables _tunables;
        private readonly Random _random = new Random();

        // The services' shared buffers (ServiceBuffers: a name is resolved before the service that asked uses
        // them): the query in Out (MessageSize bytes), the reply in Data, longer than a message may be, so an
        // oversized datagram is seen as such.
        private readonly byte[] _query;
        private readonly byte[] _reply;
        private readonly byte[] _name = new byte[MaxWireName + 1];   // a name read from the reply (lower case, uncompressed)
        private readonly byte[] _target = new byte[MaxWireName + 1]; // the name whose A record we want (follows CNAMEs)
        private int _targetLength;
        private int _questionNameLength;
        private int _queryLength;

        // The answer of the reply just checked.
        private uint _answerAddress;
        private uint _answerTtl;

        private readonly string[] _cacheName = new string[CacheEntries];
        private readonly uint[] _cacheAddress = new uint[CacheEntries];
        private readonly long[] _cacheExpiry = new long[CacheEntries];

        public Resolver(INetwork network, IClock clock, ConnectionManager connection, ServiceTunables tunables, ServiceBuffers buffers)
        {
            _tunables = tunables;
            _network = network;
            _clock = clock;
            _connection = connection;
            _query = buffers.Out;
            _reply = buffers.Data;
        }

        /// <summary>Queries sent since start (tests check the cache with it).</summary>
        public int QueriesSent { get; private set; }

        /// <summary>Returns 0 with the address, or the #CME ERROR code (38027) when the name cannot be resolved.</summary>
        public int Resolve(string host, out uint address)
        {
            address = 0;
            if (host == null) return CmeError.DnsFailed;
            if (Ipv4.TryParse(host, out address)) return 0;
            address = 0;
            // A name that is not a valid host name is never sent: no server can resolve it.
            if (!EncodeQuestion(host)) return CmeError.DnsFailed;
            if (Lookup(host, out address)) return 0;
            // The link's servers (GPRS) in place of DNSSERV1/2, as ConnectionManager.DnsServer decides;
            // the second is tried when the first times out or fails in any way.
            for (int i = 0; i < 2; i++)
            {
                uint server = _connection.DnsServer(i);
                if (server == 0) continue;
                if (Query(server))
                {
                    address = _answerAddress;
                    Store(host, address, _answerTtl);
                    return 0;
                }
            }
            address = 0;
            return CmeError.DnsFailed;
        }

        /// <summary>Forgets every cached answer.</summary>
        public void ClearCache()
        {
            for (int i = 0; i < CacheEntries; i++) _cacheName[i] = null;
        }

        // ---- the query ----

        /// <summary>
        /// Writes the question (name, type A, class IN) after the header. Accepts letters, digits, '-'
        /// and '_' in labels of 1–63 characters, at most 253 characters (one trailing dot allowed),
        /// which keeps the wire form within 255 bytes. The name keeps its case (servers echo it).
        /// </summary>
        private bool EncodeQuestion(string host)
        {
            // The header (the buffer is shared: all of it, every time): flags = standard query, recursion
            // desired; one question, no other records. The id is set per query.
            for (int i = 2; i < HeaderLength; i++) _query[i] = 0;
            _query[2] = 0x01;
            _query[5] = 1;
            int n = host.Length;
            if (n > 0 && host[n - 1] == '.') n--;
            if (n == 0 || n > 253) return false;
            int at = HeaderLength;
            int lengthAt = at++;
            int label = 0;
            for (int i = 0; i < n; i++)
            {
                char c = host[i];
                if (c == '.')
                {
                    if (label == 0) return false;
                    _query[lengthAt] = (byte)label;
                    lengthAt = at++;
                    label = 0;
                    continue;
                }
                bool valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!valid || ++label > 63) return false;
                _query[at++] = (byte)c;
            }
            if (label == 0) return false;
            _query[lengthAt] = (byte)label;
            _query[at++] = 0;
            _questionNameLength = at - HeaderLength;
            _query[at++] = 0;
            _query[at++] = TypeA;
            _query[at++] = 0;
            _query[at++] = ClassIn;
            _queryLength = at;
            return true;
        }

        /// <summary>One query to one server on a fresh socket, released on every path. True with <see cref="_answerAddress"/> set.</summary>
        private bool Query(uint server)
        {
            IUdpSocket socket = _network.OpenUdp();
            if (socket == null) return false;
            try
            {
                int id = _random.Next(65536);
                _query[0] = (byte)(id >> 8);
                _query[1] = (byte)id;
                QueriesSent++;
                if (!socket.SendTo(_query, 0, _queryLength, server, _tunables.DnsPort)) return false;
                long deadline = _clock.TickMs + _tunables.DnsQueryMs;
                int empty = 0;
                while (true)
                {
                    long left = deadline - _clock.TickMs;
                    if (left <= 0) return false;
                    uint from;
                    int fromPort;
                    int n = socket.ReceiveFrom(_reply, 0, _reply.Length, (int)left, out from, out fromPort);
                    // 0: timeout (the deadline ends the loop) or an empty datagram.
                    if (n <= 0)
                    {
                        if (++empty > MaxEmptyReceives) return false;
                        continue;
                    }
                    // RFC 5452 §9.1: a datagram from another address or port is not an answer; it must not
                    // end the wait either. Each costs one bounded check; the deadline bounds them all.
                    if (n > MessageSize || from != server || fromPort != _tunables.DnsPort) continue;
                    int verdict = Check(n, id);
                    if (verdict == Foreign) continue;
                    return verdict == Answered;
                }
            }
            finally
            {
                socket.Close();
            }
        }

        // ---- the reply ----

        /// <summary>
        /// Classifies a datagram of <paramref name="length"/> bytes from the server. It is ours only when
        /// it is a response (QR) with our ID and exactly our question (name case-insensitive, A, IN);
        /// then a wrong opcode, truncation or any RCODE but NOERROR (NXDOMAIN, SERVFAIL, REFUSED …) fails
        /// the server, and the answer section must give an A record for the name or its CNAME chain.
        /// </summary>
        private int Check(int length, int id)
        {
            if (length < HeaderLength) return Foreign;
            if (_reply[0] != (byte)(id >> 8) || _reply[1] != (byte)id) return Foreign;
            int flags = _reply[2];
            if ((flags & 0x80) == 0) return Foreign;                 // QR = 0: a query, not a response
            if (Word(4) != 1) return Foreign;
            int nameLength;
            int at = ReadName(length, HeaderLength, _name, out nameLength);
            if (at < 0 || at + 4 > length) return Foreign;
            if (!SameName(_name, nameLength, _query, HeaderLength, _questionNameLength)) return Foreign;
            if (Word(at) != TypeA || Word(at + 2) != ClassIn) return Foreign;
            at += 4;

            if (((flags >> 3) & 0x0F) != 0) return Failed;           // opcode must echo QUERY
            if ((flags & 0x02) != 0) return Failed;                  // TC: no TCP fallback
            if ((_reply[3] & 0x0F) != 0) return Failed;              // RCODE: NXDOMAIN, SERVFAIL, REFUSED …
            return ReadAnswers(length, at, Word(6));
        }

        /// <summary>
        /// Finds the A record of the question's name, following CNAMEs in the same reply whatever the
        /// order of the records. Each pass over the answers must follow at least one CNAME or end;
        /// the hops are counted, so a loop or a long chain fails after <see cref="MaxCnameHops"/>.
        /// The TTL kept is the smallest along the chain.
        /// </summary>
        private int ReadAnswers(int length, int first, int count)
        {
            // The whole answer section first: every record the header announces must be there (D1: a
            // malformed answer section fails over), even when the address comes first.
            int past = first;
            for (int record = 0; record < count; record++)
            {
                int skipped;
                past = ReadName(length, past, _name, out skipped);
                if (past < 0 || past + 10 > length) return Failed;
                past += 10 + Word(past + 8);
                if (past > length) return Failed;
            }
            _targetLength = _questionNameLength;
            for (int i = 0; i < _targetLength; i++) _target[i] = Lower(_query[HeaderLength + i]);
            uint ttl = MaxCacheSeconds;
            int hops = 0;
            while (true)
            {
                bool followed = false;
                int at = first;
                for (int record = 0; record < count; record++)
                {
                    int nameLength;
                    at = ReadName(length, at, _name, out nameLength);
                    if (at < 0 || at + 10 > length) return Failed;
                    int type = Word(at);
                    int klass = Word(at + 2);
                    uint recordTtl = ((uint)Word(at + 4) << 16) | (uint)Word(at + 6);
                    int dataLength = Word(at + 8);
                    int data = at + 10;
                    at = data + dataLength;
                    if (at > length) return Failed;
                    if (klass != ClassIn || !SameName(_name, nameLength, _target, 0, _targetLength)) continue;
                    // RFC 2181 §8: a TTL with the top bit set is taken as zero.
                    if ((recordTtl & 0x80000000) != 0) recordTtl = 0;
                    if (recordTtl < ttl) ttl = recordTtl;
                    if (type == TypeA)
                    {
                        if (dataLength != 4) return Failed;
                        _answerAddress = ((uint)_reply[data] << 24) | ((uint)_reply[data + 1] << 16) | ((uint)_reply[data + 2] << 8) | _reply[data + 3];
                        _answerTtl = ttl;
                        return Answered;
                    }
                    if (type == TypeCname)
                    {
                        if (++hops > MaxCnameHops) return Failed;
                        int end = ReadName(length, data, _target, out _targetLength);
                        if (end != data + dataLength) return Failed;
                        followed = true;
                    }
                }
                // No A record and nothing new to follow: NODATA, or the chain leaves this reply.
                if (!followed) return Failed;
            }
        }

        /// <summary>
        /// Reads the (possibly compressed) name at <paramref name="offset"/> into <paramref name="into"/>
        /// in lower-case wire form. Returns the offset after the name where it started (after the first
        /// pointer, if any), or -1 when the name is malformed: past the end, a reserved label type, longer
        /// than 255 bytes, or a pointer that does not go strictly back before every position visited so
        /// far (which rules out loops, forward and out-of-range pointers and bounds the work).
        /// </summary>
        private int ReadName(int length, int offset, byte[] into, out int nameLength)
        {
            nameLength = 0;
            int at = offset;
            int lowest = offset;
            int end = -1;
            int written = 0;
            while (true)
            {
                if (at >= length) return -1;
                int b = _reply[at];
                if ((b & 0xC0) == 0xC0)
                {
                    if (at + 1 >= length) return -1;
                    int pointer = ((b & 0x3F) << 8) | _reply[at + 1];
                    if (pointer >= lowest || pointer < HeaderLength) return -1;
                    if (end < 0) end = at + 2;
                    lowest = pointer;
                    at = pointer;
                    continue;
                }
                if ((b & 0xC0) != 0) return -1;                      // 01/10: extended or reserved label types
                if (written + 1 + b > MaxWireName) return -1;
                into[written++] = (byte)b;
                if (b == 0)
                {
                    nameLength = written;
                    return end < 0 ? at + 1 : end;
                }
                if (at + 1 + b > length) return -1;
                for (int i = 1; i <= b; i++) into[written++] = Lower(_reply[at + i]);
                at += 1 + b;
            }
        }

        private int Word(int at)
        {
            return (_reply[at] << 8) | _reply[at + 1];
        }

        private static byte Lower(byte b)
        {
            return b >= (byte)'A' && b <= (byte)'Z' ? (byte)(b + 32) : b;
        }

        /// <summary>Wire-form names compared ASCII case-insensitively (RFC 4343).</summary>
        private static bool SameName(byte[] a, int aLength, byte[] b, int bStart, int bLength)
        {
            if (aLength != bLength) return false;
            for (int i = 0; i < aLength; i++)
            {
                if (Lower(a[i]) != Lower(b[bStart + i])) return false;
            }
            return true;
        }

        // ---- the cache ----

        private bool Lookup(string host, out uint address)
        {
            long now = _clock.TickMs;
            for (int i = 0; i < CacheEntries; i++)
            {
                if (_cacheName[i] == null) continue;
                if (now >= _cacheExpiry[i])
                {
                    _cacheName[i] = null;
                    continue;
                }
                if (SameText(_cacheName[i], host))
                {
                    address = _cacheAddress[i];
                    return true;
                }
            }
            address = 0;
            return false;
        }

        /// <summary>
        /// Keeps the answer for its TTL (at most <see cref="MaxCacheSeconds"/>; TTL 0 is not cached), in a
        /// free or expired slot, the slot of the same name, or else the one expiring first. The name is
        /// the caller's string (a parameter value): kept by reference, nothing is copied.
        /// </summary>
        private void Store(string host, uint address, uint ttl)
        {
            if (ttl == 0) return;
            long now = _clock.TickMs;
            int slot = 0;
            for (int i = 0; i < CacheEntries; i++)
            {
                if (_cacheName[i] == null || now >= _cacheExpiry[i] || SameText(_cacheName[i], host))
                {
                    slot = i;
                    break;
                }
                if (_cacheExpiry[i] < _cacheExpiry[slot]) slot = i;
            }
            _cacheName[slot] = host;
            _cacheAddress[slot] = address;
            _cacheExpiry[slot] = now + (long)ttl * 1000;
        }

        private static bool SameText(string a, string b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                char x = a[i];
                char y = b[i];
                if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
                if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
                if (x != y) return false;
            }
            return true;
        }
    }
}
