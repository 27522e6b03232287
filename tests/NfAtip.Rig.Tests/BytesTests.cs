using Xunit;

namespace NfAtip.Rig.Tests;

public class BytesTests
{
    [Fact]
    public void Escapes_and_names_give_the_control_bytes()
    {
        Assert.Equal(new byte[] { 0x0D, 0x0A, 0x03, 0x10, 0x1A, 0x1B, 0x08, 0x20, 0x7F, 0xAB, (byte)'<' },
            Bytes.Parse("\\r\\n<ETX><DLE><SUB><ESC><BS>\\s<DEL>\\xab\\<"));
        Assert.Equal("a<b>"u8.ToArray(), Bytes.Parse("a<b>"));
        Assert.Equal(new byte[] { 0x1A, 0x41 }, Bytes.Parse("<CTRL-Z><41>"));
    }

    [Fact]
    public void Show_renders_control_bytes_readably()
    {
        Assert.Equal("OK<CR><LF><ETX><DLE><SUB><1F>\\<", Bytes.Show(new byte[] { 0x4F, 0x4B, 0x0D, 0x0A, 0x03, 0x10, 0x1A, 0x1F, (byte)'<' }));
        // Show and Parse are inverses for what Show prints.
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Assert.Equal(all, Bytes.Parse(Bytes.Show(all)));
    }

    [Fact]
    public void Dle_coding_escapes_ETX_and_DLE_and_ends_with_ETX()
    {
        Assert.Equal(new byte[] { 0x41, 0x10, 0x03, 0x10, 0x10, 0x42, 0x03 }, Bytes.DleCoded(new byte[] { 0x41, 0x03, 0x10, 0x42 }));
    }

    [Fact]
    public void Dot_terminated_body_stuffs_leading_dots_and_ends_with_dot_line()
    {
        Assert.Equal("a\r\n..b\r\nc\r\n.\r\n"u8.ToArray(), Bytes.DotTerminated("a\r\n.b\r\nc"u8.ToArray()));
        Assert.Equal(".\r\n"u8.ToArray(), Bytes.DotTerminated(Array.Empty<byte>()));
    }
}
