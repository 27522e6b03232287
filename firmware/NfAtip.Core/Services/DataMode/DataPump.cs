using NfAtip.At;
using NfAtip.Platform;

namespace NfAtip.Services.DataMode
{
    /// <summary>
    /// The transparent bridge between the host line and one TCP connection (chapter 5, Appendix B
    /// "Command mode / data mode for TCP"), with or without DLE coding.
    ///
    /// The board loop is single-threaded and neither the UART nor a socket offers a select across
    /// both, so the pump alternates: it takes what the host already sent (without waiting while data
    /// moves), then what the socket has. Only a round after one that moved nothing waits, on one side:
    /// the side that moved data last (the other is only looked at), and each round more that moves
    /// nothing doubles the wait, up to <see cref="MaxIdleWaitMs"/>: an idle bridge wakes about 50 times a
    /// second instead of 500 (issue H: no busy waiting), an active one never waits at all, and a byte
    /// after a pause waits at most one such wait (a wait ends as soon as its side's data arrives).
    ///
    /// Flow control, both ways, without buffering more than one chunk:
    /// - host → socket: at most <see cref="Chunk"/> bytes are taken from the host line, then written
    ///   to the socket before any more is read. When the peer (or TCP's window) is slow, Write
    ///   blocks, the board stops reading the UART, the UART's receive buffer fills and the host is
    ///   held by RTS/CTS (AT+IFC=2,2) — the board never takes more host data than it can send.
    /// - socket → host: at most one chunk is read from the socket and written to the host line
    ///   before the next read. ISerialLine.Write blocks while the host holds CTS, so the board
    ///   stops reading the socket, its receive window closes and TCP holds the peer.
    /// All buffers are allocated once, in the constructor; nothing is allocated while pumping.
    /// </summary>
    public sealed class DataPump
    {
        /// <summary>Bytes moved per direction per round (the socket read / host read size).</summary>
        public const int Chunk = 512;

        /// <summary>The wait on each side when the previous round moved nothing.</summary>
        public int IdleWaitMs = 2;

        /// <summary>The longest wait on each side, reached after a few rounds in a row that moved nothing.</summary>
        public int MaxIdleWaitMs = 20;

        /// <summary>After a failed send, how long the receive side may take to report the peer's close.</summary>
        public int FailedSendProbeMs = 200;

        // Why the pump stopped.
        /// <summary>The host sent an unescaped ETX (DLE coding only): it asks to close.</summary>
        public const int HostClosed = 1;
        /// <summary>The peer ended the connection; everything the host had sent reached it.</summary>
        public const int PeerClosed = 2;
        /// <summary>The peer ended the connection while the host still had data on its way to it (lost).</summary>
        public const int PeerClosedDataLost = 3;
        /// <summary>A write to the socket failed while the connection was not known to be closed.</summary>
        public const int SendFailed = 4;
        /// <summary>The host line itself closed (virtual board only): nobody to answer.</summary>
        public const int HostLineClosed = 5;

        private readonly HostPort _host;
        private readonly ResponseWriter _out;
        private readonly byte[] _fromNet;  // at least Chunk bytes
        private readonly byte[] _toHost;   // at least 2 × Chunk
        private readonly byte[] _toNet;    // at least Chunk
        private readonly DleDecoder _decoder = new DleDecoder();

        /// <summary>Payload bytes moved host → socket by the last <see cref="Run"/> (after decoding).</summary>
        public long BytesToNet;

        /// <summary>Payload bytes moved socket → host by the last <see cref="Run"/> (before coding).</summary>
        public long BytesToHost;

        /// <summary>A pump with buffers of its own (the benchmarks').</summary>
        public DataPump(HostPort host, ResponseWriter output)
            : this(host, output, new byte[Chunk], new byte[2 * Chunk], new byte[Chunk])
        {
        }

        /// <summary>The board's pump, on the services' shared buffers (<see cref="ServiceBuffers"/>).</summary>
        public DataPump(HostPort host, ResponseWriter output, ServiceBuffers buffers)
            : this(host, output, buffers.Data, buffers.Coded, buffers.Out)
        {
        }

        private DataPump(HostPort host, ResponseWriter output, byte[] fromNet, byte[] toHost, byte[] toNet)
        {
            _host = host;
            _out = output;
            _fromNet = fromNet;
            _toHost = toHost;
            _toNet = toNet;
        }

        /// <summary>
        /// Bridges until one side ends; returns why (<see cref="HostClosed"/> …). The caller closes the
        /// connection and answers the host (after <see cref="DrainHost"/> when the host did not end it).
        /// Host bytes after the terminating ETX stay in the HostPort for the command interpreter.
        /// </summary>
        public int Run(ITcpConnection connection, bool dleCoding)
        {
            _decoder.Reset();
            BytesToNet = 0;
            BytesToHost = 0;
            bool idle = false;
            // The side an idle round waits on: the one that moved data last. A host sending faster than the
            // socket side asks finds its line empty for a moment now and then; waiting on the silent socket
            // then left its next bytes unread for the whole wait (issue H: 96 % of a fast upload's time).
            bool hostLast = false;
            int wait = IdleWaitMs;
            _out.Flush();
            while (true)
            {
                bool moved = false;

                // Host → socket: what is already on the board first; a short wait only when idle.
                int available = _host.Fill(idle && hostLast ? wait : 0);
                if (available < 0) return HostLineClosed;
                if (available > 0)
                {
                    int n = 0;
                    bool end = false;
                    // Block by block: what the HostPort holds (at most its 256-byte buffer, refilled
                    // without waiting) until one chunk of payload is ready or nothing more is there.
                    while (n < Chunk)
                    {
                        if (_host.Pending == 0 && _host.Fill(0) <= 0) break;
                        if (!dleCoding)
                        {
                            n += _host.Read(_toNet, n, Chunk - n, 0);
                            continue;
                        }
                        // Decoding never lengthens the data, so Chunk - n coded bytes fit in _toNet.
                        // _fromNet is free here (the socket side uses it only later in the round).
                        // Only the bytes the decoder used are taken: after a closing ETX the rest
                        // stays in the HostPort for the command interpreter.
                        int k = _host.Peek(_fromNet, 0, Chunk - n);
                        n += _decoder.Decode(_fromNet, 0, k, _toNet, n);
                        _host.Skip(_decoder.Consumed);
                        if (_decoder.EndSeen)
                        {
                            end = true;
                            break;
                        }
                    }
                    if (n > 0)
                    {
                        if (!connection.Write(_toNet, 0, n)) return AfterFailedSend(connection);
                        BytesToNet += n;
                    }
                    hostLast = true;
                    if (end) return HostClosed;
                    moved = true;
                }

                // Socket → host.
                int r = connection.Read(_fromNet, 0, Chunk, moved || hostLast ? 0 : wait);
                if (r < 0)
                {
                    // The peer is gone. Host data already on the board can no longer reach it.
                    if (_host.Fill(0) > 0)
                    {
                        Discard();
                        return PeerClosedDataLost;
                    }
                    return PeerClosed;
                }
                if (r > 0)
                {
                    _out.Flush();
                    if (dleCoding)
                    {
                        int m = Dle.EncodeInto(_fromNet, 0, r, _toHost, 0);
                        _host.Line.Write(_toHost, 0, m);
                    }
                    else
                    {
                        _host.Line.Write(_fromNet, 0, r);
                    }
                    BytesToHost += r;
                    moved = true;
                    hostLast = false;
                }
                idle = !moved;
                if (moved) wait = IdleWaitMs;
                else if (wait < MaxIdleWaitMs) wait = wait * 2 < MaxIdleWaitMs ? wait * 2 : MaxIdleWaitMs;
            }
        }

        /// <summary>
        /// A send failed. If the receive side now reports the connection closed, the peer closed (or
        /// reset) it under the host's data; otherwise the send itself failed.
        /// </summary>
        private int AfterFailedSend(ITcpConnection connection)
        {
            // A reset surfaces on the receive side a moment later; wait briefly for it (bounded).
            int r = connection.Read(_fromNet, 0, Chunk, FailedSendProbeMs);
            Discard();
            return r < 0 ? PeerClosedDataLost : SendFailed;
        }

        /// <summary>The wait of one empty host read while draining: silence is counted in these steps.</summary>
        private const int DrainStepMs = 50;

        /// <summary>
        /// After a session the host did not end: discards what the host still sends for it (it was meant
        /// for a peer that is gone) until the host's unescaped ETX (<paramref name="dleCoding"/>; consumed,
        /// what follows it stays for the command interpreter) or <paramref name="quietMs"/> without a host
        /// byte. Silence is counted in empty reads of DrainStepMs each, not on a clock, so a line that
        /// returns early still ends the drain. Returns the payload bytes dropped (the closing ETX is not
        /// payload), or -1 when the host line closed.
        /// </summary>
        public int DrainHost(bool dleCoding, int quietMs)
        {
            _decoder.Reset();
            int quiet = 0, dropped = 0;
            while (quiet < quietMs)
            {
                int available = _host.Fill(DrainStepMs);
                if (available < 0) return -1;
                if (available == 0)
                {
                    quiet += DrainStepMs;
                    continue;
                }
                quiet = 0;
                if (!dleCoding)
                {
                    dropped += _host.Pending;
                    Discard();
                    continue;
                }
                int k = _host.Peek(_fromNet, 0, Chunk);
                dropped += _decoder.Decode(_fromNet, 0, k, _toNet, 0);
                _host.Skip(_decoder.Consumed);
                if (_decoder.EndSeen) break;
            }
            return dropped;
        }

        /// <summary>Drops host data already on the board: it was meant for a peer that is gone.</summary>
        private void Discard()
        {
            _host.Skip(_host.Pending);
        }
    }
}
