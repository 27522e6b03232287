using System.Text;
using NfAtip.At;
using NfAtip.HostAdapters.Text;
using NfAtip.Platform;
using NfAtip.TestSupport;

namespace NfAtip.Core.Tests;

/// <summary>
/// The writer's block copies (issue H) give the bytes its portable loop gives: with the platform's encoder and
/// without, at every buffer boundary, for text that is not ASCII, and for lines longer than the buffer.
/// </summary>
public class ResponseWriterTests
{
    /// <summary>An encoder that writes what it is given as UTF-8, as nanoCLR's does: more bytes than characters outside ASCII.</summary>
    private sealed class Utf8Like : ITextEncoder
    {
        public int Encode(string text, int index, int count, byte[] bytes, int at)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text.Substring(index, count));
            if (at + utf8.Length > bytes.Length) return -1;
            utf8.CopyTo(bytes, at);
            return utf8.Length;
        }
    }

    private static string Write(ITextEncoder? encoder, Action<ResponseWriter> write)
    {
        var line = new HostPipe();
        var writer = new ResponseWriter(line, encoder);
        write(writer);
        writer.Flush();
        return Encoding.Latin1.GetString(line.TakeOutput());
    }

    /// <summary>None (the portable loop), the PC's, and one that writes UTF-8 as the board's does.</summary>
    private static readonly ITextEncoder?[] Encoders = { null, AsciiText.Instance, new Utf8Like() };

    /// <summary>What the host sees of <paramref name="text"/>: '?' for each character outside ASCII.</summary>
    private static string Shown(string text) => new(text.Select(c => c < 0x80 ? c : '?').ToArray());

    public static TheoryData<string> Texts => new() { "", "OK", "caf\u00e9 \u00fc", "\ud83d\ude00x", new string('a', 255), new string('b', 256), new string('c', 700) + "\u00e9" };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Text_IsTheSame_WithEitherEncoder_AtEveryBufferOffset(string text)
    {
        string expected = Shown(text);
        foreach (ITextEncoder? encoder in Encoders)
            for (int before = 0; before < 260; before += 37)
            {
                string pad = new string('.', before);
                Assert.Equal(pad + expected, Write(encoder, w => { w.Text(pad); w.Text(text); }));
            }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void ParameterLine_IsWhatThePiecesWrite(string value)
    {
        string shown = Shown(value);
        foreach (ITextEncoder? encoder in Encoders)
            for (int before = 0; before < 260; before += 41)
            {
                string pad = new string('.', before);
                Assert.Equal(pad + "#SUBJ1: \"" + shown + "\"\r\n", Write(encoder, w => { w.Text(pad); w.Parameter("SUBJ1", value, true); }));
                Assert.Equal(pad + "#PPPMODE: " + shown + "\r\n", Write(encoder, w => { w.Text(pad); w.Parameter("PPPMODE", value, false); }));
            }
    }

    [Fact]
    public void Result_IsFramedAsBefore_AtTheBufferEnd()
    {
        foreach (ITextEncoder? encoder in new ITextEncoder?[] { null, AsciiText.Instance })
        {
            string pad = new string('.', 253);
            Assert.Equal(pad + "\r\nOK\r\n", Write(encoder, w => { w.Text(pad); w.Ok(); }));
            Assert.Equal(pad + "\r\nCONNECT 9600\r\n", Write(encoder, w => { w.Text(pad); w.Result(ResultCode.Connect, "CONNECT 9600"); }));
            Assert.Equal("\r" + "0" + "\r", Write(encoder, w => { w.Verbose = false; w.Ok(); }));
        }
    }
}
