using NfAtip.At;
using NfAtip.Services.DataMode;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests;

/// <summary>The DLE coding shared by FTP and TCP sockets, including escapes split across reads.</summary>
public class DataModeTests
{
    [Fact]
    public void Encode_EscapesEtxAndDle_Only()
    {
        var host = new HostPipe();
        var writer = new ResponseWriter(host);
        Dle.Encode(new byte[] { 1, 3, 16, 2, 0x10, 0x03 }, 0, 6, writer);
        writer.Flush();
        Assert.Equal(new byte[] { 1, 16, 3, 16, 16, 2, 16, 16, 16, 3 }, host.TakeOutput());
    }

    [Fact]
    public void Decode_SplitsAnywhere_StopsAtTheFirstUnescapedEtx()
    {
        byte[] coded = { 1, 16, 3, 16, 16, 2, 16, 16, 16, 3, 3, 99 };
        for (int split = 0; split <= coded.Length; split++)
        {
            var decoder = new DleDecoder();
            var output = new List<byte>();
            var buffer = new byte[coded.Length];
            int n = decoder.Decode(coded, 0, split, buffer, 0);
            output.AddRange(buffer.Take(n));
            int used = decoder.Consumed;
            if (!decoder.EndSeen)
            {
                n = decoder.Decode(coded, split, coded.Length - split, buffer, 0);
                output.AddRange(buffer.Take(n));
                used += decoder.Consumed;
            }
            Assert.True(decoder.EndSeen);
            Assert.Equal(new byte[] { 1, 3, 16, 2, 16, 3 }, output.ToArray());
            Assert.Equal(11, used); // the trailing 99 is not data
        }
    }
}
