// Public API of the nanoFramework.System.Text assembly (NuGet nanoFramework.System.Text 1.3.42,
// nanoframework/System.Text at tag v1.3.42: nanoFramework.System.Text/Text/StringBuilder.cs, Encoding.cs,
// UTF8Encoding.cs, Decoder.cs). StringBuilder and Encoding are NOT in nanoFramework's mscorlib.
// Signatures only, written for the guard.
namespace System.Text
{
    public sealed class StringBuilder
    {
        public StringBuilder() { }
        public StringBuilder(int capacity) { }
        public StringBuilder(string value) { }
        public StringBuilder(string value, int capacity) { }
        public int Capacity { get { throw null; } set { } }
        public int Length { get { throw null; } set { } }
        public int MaxCapacity { get { throw null; } }
        [System.Runtime.CompilerServices.IndexerName("Chars")]
        public char this[int index] { get { throw null; } set { } }
        public StringBuilder Append(bool value) { throw null; }
        public StringBuilder Append(byte value) { throw null; }
        public StringBuilder Append(char value) { throw null; }
        public StringBuilder Append(char value, int repeatCount) { throw null; }
        public StringBuilder Append(char[] value) { throw null; }
        public StringBuilder Append(char[] value, int startIndex, int charCount) { throw null; }
        public StringBuilder Append(double value) { throw null; }
        public StringBuilder Append(short value) { throw null; }
        public StringBuilder Append(int value) { throw null; }
        public StringBuilder Append(long value) { throw null; }
        public StringBuilder Append(object value) { throw null; }
        public StringBuilder Append(sbyte value) { throw null; }
        public StringBuilder Append(float value) { throw null; }
        public StringBuilder Append(string value) { throw null; }
        public StringBuilder Append(string value, int startIndex, int count) { throw null; }
        public StringBuilder Append(ushort value) { throw null; }
        public StringBuilder Append(uint value) { throw null; }
        public StringBuilder Append(ulong value) { throw null; }
        public StringBuilder AppendLine() { throw null; }
        public StringBuilder AppendLine(string value) { throw null; }
        public StringBuilder Clear() { throw null; }
        public StringBuilder Insert(int index, string value, int count) { throw null; }
        public StringBuilder Insert(int index, char[] value, int startIndex, int charCount) { throw null; }
        public StringBuilder Remove(int startIndex, int length) { throw null; }
        public StringBuilder Replace(char oldChar, char newChar) { throw null; }
        public StringBuilder Replace(string oldValue, string newValue) { throw null; }
        public override string ToString() { throw null; }
        public string ToString(int startIndex, int length) { throw null; }
    }

    public abstract class Decoder
    {
        public abstract void Convert(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex, int charCount, bool flush, out int bytesUsed, out int charsUsed, out bool completed);
    }

    public abstract class Encoding
    {
        public static Encoding UTF8 { get { throw null; } }
        public virtual byte[] GetBytes(string s) { throw null; }
        public virtual int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) { throw null; }
        public virtual char[] GetChars(byte[] bytes) { throw null; }
        public virtual char[] GetChars(byte[] bytes, int byteIndex, int byteCount) { throw null; }
        public virtual string GetString(byte[] bytes, int index, int count) { throw null; }
        public abstract Decoder GetDecoder();
    }

    public class UTF8Encoding : Encoding
    {
        public UTF8Encoding() { }
        public override byte[] GetBytes(string s) { throw null; }
        public override int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) { throw null; }
        public override char[] GetChars(byte[] bytes) { throw null; }
        public override char[] GetChars(byte[] bytes, int byteIndex, int byteCount) { throw null; }
        public override Decoder GetDecoder() { throw null; }
    }
}
