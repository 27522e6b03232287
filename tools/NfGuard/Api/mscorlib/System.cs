// Declarations of the public API of mscorlib as shipped in the nanoFramework.CoreLibrary NuGet
// package, stable 1.x line (nanoframework/CoreLibrary repository, nanoFramework.CoreLibrary/System/*.cs,
// release 1.17.x). Signatures only, written for the guard: a member appears here only when the
// nanoFramework sources declare it. Notably absent there: Math (only an internal MathInternal;
// the public Math is the separate nanoFramework.System.Math package), string.IsNullOrWhiteSpace,
// string.Replace, char.IsDigit/IsLetter (char has only instance ToLower/ToUpper), Environment,
// Nullable<T> and every generic type (those belong to the 2.x preview line).
#pragma warning disable CS0626, CS0824, CS0660, CS0661, CS0659, CS8618
namespace System
{
    public class Object
    {
        public Object() { }
        ~Object() { }
        public virtual bool Equals(object obj) { throw null; }
        public static bool Equals(object objA, object objB) { throw null; }
        public static bool ReferenceEquals(object objA, object objB) { throw null; }
        public virtual int GetHashCode() { throw null; }
        public Type GetType() { throw null; }
        protected object MemberwiseClone() { throw null; }
        public virtual string ToString() { throw null; }
    }

    public abstract class ValueType
    {
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
        public override string ToString() { throw null; }
    }

    public abstract class Enum : ValueType
    {
        public override string ToString() { throw null; }
    }

    public struct Void { }

    public struct Boolean
    {
        public static readonly string FalseString;
        public static readonly string TrueString;
        public override string ToString() { throw null; }
    }

    public struct Char
    {
        public const char MaxValue = (char)0xFFFF;
        public const char MinValue = (char)0;
        public override string ToString() { throw null; }
        public char ToLower() { throw null; }
        public char ToUpper() { throw null; }
    }

    public struct SByte
    {
        public const sbyte MaxValue = 127;
        public const sbyte MinValue = -128;
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static sbyte Parse(string s) { throw null; }
        public static bool TryParse(string s, out sbyte result) { throw null; }
    }

    public struct Byte
    {
        public const byte MaxValue = 255;
        public const byte MinValue = 0;
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static byte Parse(string s) { throw null; }
        public static bool TryParse(string s, out byte result) { throw null; }
    }

    public struct Int16
    {
        public const short MaxValue = 32767;
        public const short MinValue = -32768;
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static short Parse(string s) { throw null; }
        public static bool TryParse(string s, out short result) { throw null; }
    }

    public struct UInt16
    {
        public const ushort MaxValue = 65535;
        public const ushort MinValue = 0;
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static ushort Parse(string s) { throw null; }
        public static bool TryParse(string s, out ushort result) { throw null; }
    }

    public struct Int32
    {
        public const int MaxValue = 0x7fffffff;
        public const int MinValue = unchecked((int)0x80000000);
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static int Parse(string s) { throw null; }
        public static bool TryParse(string s, out int result) { throw null; }
    }

    public struct UInt32
    {
        public const uint MaxValue = 0xffffffff;
        public const uint MinValue = 0;
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static uint Parse(string s) { throw null; }
        public static bool TryParse(string s, out uint result) { throw null; }
    }

    public struct Int64
    {
        public const long MaxValue = 0x7fffffffffffffffL;
        public const long MinValue = unchecked((long)0x8000000000000000L);
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static long Parse(string s) { throw null; }
        public static bool TryParse(string s, out long result) { throw null; }
    }

    public struct UInt64
    {
        public const ulong MaxValue = 0xffffffffffffffffL;
        public const ulong MinValue = 0;
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static ulong Parse(string s) { throw null; }
        public static bool TryParse(string s, out ulong result) { throw null; }
    }

    public struct Single
    {
        public const float MinValue = -3.40282346638528859e+38f;
        public const float MaxValue = 3.40282346638528859e+38f;
        public const float Epsilon = 1.4e-45f;
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static float Parse(string s) { throw null; }
        public static bool TryParse(string s, out float result) { throw null; }
    }

    public struct Double
    {
        public const double MinValue = -1.7976931348623157E+308;
        public const double MaxValue = 1.7976931348623157E+308;
        public const double Epsilon = 4.9406564584124654E-324;
        public const double NegativeInfinity = -1.0 / 0.0;
        public const double PositiveInfinity = 1.0 / 0.0;
        public const double NaN = 0.0 / 0.0;
        public static bool IsInfinity(double d) { throw null; }
        public static bool IsNaN(double d) { throw null; }
        public static bool IsNegativeInfinity(double d) { throw null; }
        public static bool IsPositiveInfinity(double d) { throw null; }
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static double Parse(string s) { throw null; }
        public static bool TryParse(string s, out double result) { throw null; }
    }

    public struct Decimal { }

    public struct IntPtr
    {
        public static readonly IntPtr Zero;
        public IntPtr(int value) { throw null; }
        public int ToInt32() { throw null; }
    }

    public struct UIntPtr { }

    public struct RuntimeTypeHandle { }
    public struct RuntimeFieldHandle { }
    public struct RuntimeMethodHandle { }

    public struct TypedReference { }
    public struct ArgIterator { }

    public abstract class Type : System.Reflection.MemberInfo
    {
        public abstract string FullName { get; }
        public abstract string AssemblyQualifiedName { get; }
        public abstract Type BaseType { get; }
        public bool IsArray { get { throw null; } }
        public bool IsClass { get { throw null; } }
        public bool IsEnum { get { throw null; } }
        public bool IsValueType { get { throw null; } }
        public static Type GetType(string typeName) { throw null; }
        public static Type GetTypeFromHandle(RuntimeTypeHandle handle) { throw null; }
        public override string ToString() { throw null; }
    }

    public sealed class String : IComparable, System.Collections.IEnumerable
    {
        public static readonly string Empty;
        public String(char[] value, int startIndex, int length) { }
        public String(char[] value) { }
        public String(char c, int count) { }
        [System.Runtime.CompilerServices.IndexerName("Chars")]
        public char this[int index] { get { throw null; } }
        public int Length { get { throw null; } }
        public System.Collections.IEnumerator GetEnumerator() { throw null; }
        public override bool Equals(object obj) { throw null; }
        public static bool Equals(string a, string b) { throw null; }
        public static bool operator ==(string a, string b) { throw null; }
        public static bool operator !=(string a, string b) { throw null; }
        public char[] ToCharArray() { throw null; }
        public char[] ToCharArray(int startIndex, int length) { throw null; }
        public string[] Split(params char[] separator) { throw null; }
        public string[] Split(char[] separator, int count) { throw null; }
        public string Substring(int startIndex) { throw null; }
        public string Substring(int startIndex, int length) { throw null; }
        public string Trim() { throw null; }
        public string Trim(params char[] trimChars) { throw null; }
        public string TrimStart(params char[] trimChars) { throw null; }
        public string TrimEnd(params char[] trimChars) { throw null; }
        public static int Compare(string strA, string strB) { throw null; }
        public int CompareTo(object value) { throw null; }
        public int CompareTo(string strB) { throw null; }
        public int IndexOf(char value) { throw null; }
        public int IndexOf(char value, int startIndex) { throw null; }
        public int IndexOf(char value, int startIndex, int count) { throw null; }
        public int IndexOf(string value) { throw null; }
        public int IndexOf(string value, int startIndex) { throw null; }
        public int IndexOf(string value, int startIndex, int count) { throw null; }
        public int IndexOfAny(char[] anyOf) { throw null; }
        public int IndexOfAny(char[] anyOf, int startIndex) { throw null; }
        public int IndexOfAny(char[] anyOf, int startIndex, int count) { throw null; }
        public int LastIndexOf(char value) { throw null; }
        public int LastIndexOf(char value, int startIndex) { throw null; }
        public int LastIndexOf(char value, int startIndex, int count) { throw null; }
        public int LastIndexOfAny(char[] anyOf) { throw null; }
        public int LastIndexOfAny(char[] anyOf, int startIndex) { throw null; }
        public int LastIndexOfAny(char[] anyOf, int startIndex, int count) { throw null; }
        public int LastIndexOf(string value) { throw null; }
        public int LastIndexOf(string value, int startIndex) { throw null; }
        public int LastIndexOf(string value, int startIndex, int count) { throw null; }
        public string ToLower() { throw null; }
        public string ToUpper() { throw null; }
        public override string ToString() { throw null; }
        public static string Concat(object arg0) { throw null; }
        public static string Concat(object arg0, object arg1) { throw null; }
        public static string Concat(object arg0, object arg1, object arg2) { throw null; }
        public static string Concat(params object[] args) { throw null; }
        public static string Concat(string str0, string str1) { throw null; }
        public static string Concat(string str0, string str1, string str2) { throw null; }
        public static string Concat(string str0, string str1, string str2, string str3) { throw null; }
        public static string Concat(params string[] values) { throw null; }
        public static string Intern(string str) { throw null; }
        public static string IsInterned(string str) { throw null; }
        public static string Format(string format, params object[] args) { throw null; }
        public string PadLeft(int totalWidth, char paddingChar = ' ') { throw null; }
        public string PadRight(int totalWidth, char paddingChar = ' ') { throw null; }
        public static bool IsNullOrEmpty(string value) { throw null; }
        public bool Contains(string value) { throw null; }
        public bool StartsWith(string value) { throw null; }
        public bool EndsWith(string value) { throw null; }
    }

    public abstract class Array : ICloneable, System.Collections.IList
    {
        public int Length { get { throw null; } }
        public static Array CreateInstance(Type elementType, int length) { throw null; }
        public static void Copy(Array sourceArray, Array destinationArray, int length) { throw null; }
        public static void Copy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length) { throw null; }
        public static void Clear(Array array, int index, int length) { throw null; }
        public object GetValue(int index) { throw null; }
        public void SetValue(object value, int index) { throw null; }
        public static int IndexOf(Array array, object value) { throw null; }
        public static int IndexOf(Array array, object value, int startIndex) { throw null; }
        public static int IndexOf(Array array, object value, int startIndex, int count) { throw null; }
        public object Clone() { throw null; }
        public void CopyTo(Array array, int index) { throw null; }
        public System.Collections.IEnumerator GetEnumerator() { throw null; }
        public bool IsFixedSize { get { throw null; } }
        public bool IsReadOnly { get { throw null; } }
        public bool IsSynchronized { get { throw null; } }
        public object SyncRoot { get { throw null; } }
        int System.Collections.ICollection.Count { get { throw null; } }
        object System.Collections.IList.this[int index] { get { throw null; } set { } }
        int System.Collections.IList.Add(object value) { throw null; }
        bool System.Collections.IList.Contains(object value) { throw null; }
        void System.Collections.IList.Clear() { }
        int System.Collections.IList.IndexOf(object value) { throw null; }
        void System.Collections.IList.Insert(int index, object value) { }
        void System.Collections.IList.Remove(object value) { }
        void System.Collections.IList.RemoveAt(int index) { }
    }

    public abstract class Delegate : ICloneable
    {
        public object Target { get { throw null; } }
        public System.Reflection.MethodInfo Method { get { throw null; } }
        public virtual object Clone() { throw null; }
        public static Delegate Combine(Delegate a, Delegate b) { throw null; }
        public static Delegate Remove(Delegate source, Delegate value) { throw null; }
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
        public static bool operator ==(Delegate d1, Delegate d2) { throw null; }
        public static bool operator !=(Delegate d1, Delegate d2) { throw null; }
    }

    public abstract class MulticastDelegate : Delegate
    {
        public static bool operator ==(MulticastDelegate d1, MulticastDelegate d2) { throw null; }
        public static bool operator !=(MulticastDelegate d1, MulticastDelegate d2) { throw null; }
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
    }

    public delegate void Action();
    public delegate void AsyncCallback(IAsyncResult ar);
    public delegate void EventHandler(object sender, EventArgs e);

    public class EventArgs
    {
        public static readonly EventArgs Empty;
        public EventArgs() { }
    }

    public interface IAsyncResult
    {
        object AsyncState { get; }
        System.Threading.WaitHandle AsyncWaitHandle { get; }
        bool CompletedSynchronously { get; }
        bool IsCompleted { get; }
    }

    public interface IDisposable { void Dispose(); }
    public interface ICloneable { object Clone(); }
    public interface IComparable { int CompareTo(object obj); }
    public interface IFormatProvider { object GetFormat(Type formatType); }
    public interface IFormattable { string ToString(string format, IFormatProvider formatProvider); }
    public interface ICustomFormatter { string Format(string format, object arg, IFormatProvider formatProvider); }

    public abstract class MarshalByRefObject { }

    public sealed class GC
    {
        public static void SuppressFinalize(object obj) { }
        public static void ReRegisterForFinalize(object obj) { }
        public static void WaitForPendingFinalizers() { }
    }

    public class Random
    {
        public Random() { }
        public Random(int seed) { }
        public virtual int Next() { throw null; }
        public virtual int Next(int maxValue) { throw null; }
        public virtual double NextDouble() { throw null; }
        public virtual void NextBytes(byte[] buffer) { }
    }

    public static class BitConverter
    {
        public static readonly bool IsLittleEndian;
        public static byte[] GetBytes(bool value) { throw null; }
        public static byte[] GetBytes(char value) { throw null; }
        public static byte[] GetBytes(short value) { throw null; }
        public static byte[] GetBytes(int value) { throw null; }
        public static byte[] GetBytes(long value) { throw null; }
        public static byte[] GetBytes(ushort value) { throw null; }
        public static byte[] GetBytes(uint value) { throw null; }
        public static byte[] GetBytes(ulong value) { throw null; }
        public static byte[] GetBytes(float value) { throw null; }
        public static byte[] GetBytes(double value) { throw null; }
        public static bool ToBoolean(byte[] value, int startIndex) { throw null; }
        public static char ToChar(byte[] value, int startIndex) { throw null; }
        public static short ToInt16(byte[] value, int startIndex) { throw null; }
        public static int ToInt32(byte[] value, int startIndex) { throw null; }
        public static long ToInt64(byte[] value, int startIndex) { throw null; }
        public static ushort ToUInt16(byte[] value, int startIndex) { throw null; }
        public static uint ToUInt32(byte[] value, int startIndex) { throw null; }
        public static ulong ToUInt64(byte[] value, int startIndex) { throw null; }
        public static float ToSingle(byte[] value, int startIndex) { throw null; }
        public static double ToDouble(byte[] value, int startIndex) { throw null; }
        public static string ToString(byte[] value) { throw null; }
        public static string ToString(byte[] value, int startIndex) { throw null; }
        public static string ToString(byte[] value, int startIndex, int length) { throw null; }
    }

    public static class Convert
    {
        public static int ToInt32(string value) { throw null; }
        public static int ToInt32(string value, int fromBase) { throw null; }
        public static uint ToUInt32(string value) { throw null; }
        public static uint ToUInt32(string value, int fromBase) { throw null; }
        public static long ToInt64(string value) { throw null; }
        public static long ToInt64(string value, int fromBase) { throw null; }
        public static ulong ToUInt64(string value) { throw null; }
        public static ulong ToUInt64(string value, int fromBase) { throw null; }
        public static short ToInt16(string value) { throw null; }
        public static ushort ToUInt16(string value) { throw null; }
        public static byte ToByte(string value) { throw null; }
        public static byte ToByte(string value, int fromBase) { throw null; }
        public static sbyte ToSByte(string value) { throw null; }
        public static char ToChar(ushort value) { throw null; }
        public static double ToDouble(string value) { throw null; }
        public static string ToBase64String(byte[] inArray) { throw null; }
        public static string ToBase64String(byte[] inArray, int offset, int length) { throw null; }
        public static byte[] FromBase64String(string inString) { throw null; }
        public static byte[] FromBase64CharArray(char[] inArray, int offset, int length) { throw null; }
    }

    public struct DateTime
    {
        public static readonly DateTime MinValue;
        public static readonly DateTime MaxValue;
        public DateTime(long ticks) { throw null; }
        public DateTime(int year, int month, int day) { throw null; }
        public DateTime(int year, int month, int day, int hour, int minute, int second) { throw null; }
        public DateTime(int year, int month, int day, int hour, int minute, int second, int millisecond) { throw null; }
        public static DateTime UtcNow { get { throw null; } }
        public DateTime Date { get { throw null; } }
        public int Day { get { throw null; } }
        public DayOfWeek DayOfWeek { get { throw null; } }
        public int DayOfYear { get { throw null; } }
        public int Hour { get { throw null; } }
        public int Millisecond { get { throw null; } }
        public int Minute { get { throw null; } }
        public int Month { get { throw null; } }
        public int Second { get { throw null; } }
        public long Ticks { get { throw null; } }
        public TimeSpan TimeOfDay { get { throw null; } }
        public int Year { get { throw null; } }
        public DateTime Add(TimeSpan val) { throw null; }
        public DateTime AddDays(double val) { throw null; }
        public DateTime AddHours(double val) { throw null; }
        public DateTime AddMilliseconds(double val) { throw null; }
        public DateTime AddMinutes(double val) { throw null; }
        public DateTime AddSeconds(double val) { throw null; }
        public DateTime AddTicks(long val) { throw null; }
        public static int Compare(DateTime t1, DateTime t2) { throw null; }
        public int CompareTo(object val) { throw null; }
        public static int DaysInMonth(int year, int month) { throw null; }
        public override bool Equals(object obj) { throw null; }
        public static bool Equals(DateTime t1, DateTime t2) { throw null; }
        public override int GetHashCode() { throw null; }
        public static bool IsLeapYear(int year) { throw null; }
        public TimeSpan Subtract(DateTime val) { throw null; }
        public DateTime Subtract(TimeSpan val) { throw null; }
        public override string ToString() { throw null; }
        public string ToString(string format) { throw null; }
        public static DateTime operator +(DateTime d, TimeSpan t) { throw null; }
        public static DateTime operator -(DateTime d, TimeSpan t) { throw null; }
        public static TimeSpan operator -(DateTime d1, DateTime d2) { throw null; }
        public static bool operator ==(DateTime d1, DateTime d2) { throw null; }
        public static bool operator !=(DateTime t1, DateTime t2) { throw null; }
        public static bool operator <(DateTime t1, DateTime t2) { throw null; }
        public static bool operator <=(DateTime t1, DateTime t2) { throw null; }
        public static bool operator >(DateTime t1, DateTime t2) { throw null; }
        public static bool operator >=(DateTime t1, DateTime t2) { throw null; }
    }

    public enum DayOfWeek { Sunday = 0, Monday = 1, Tuesday = 2, Wednesday = 3, Thursday = 4, Friday = 5, Saturday = 6 }

    public struct TimeSpan
    {
        public const long TicksPerMillisecond = 10000;
        public const long TicksPerSecond = 10000000;
        public const long TicksPerMinute = 600000000;
        public const long TicksPerHour = 36000000000;
        public const long TicksPerDay = 864000000000;
        public static readonly TimeSpan Zero;
        public static readonly TimeSpan MaxValue;
        public static readonly TimeSpan MinValue;
        public TimeSpan(long ticks) { throw null; }
        public TimeSpan(int hours, int minutes, int seconds) { throw null; }
        public TimeSpan(int days, int hours, int minutes, int seconds) { throw null; }
        public TimeSpan(int days, int hours, int minutes, int seconds, int milliseconds) { throw null; }
        public long Ticks { get { throw null; } }
        public int Days { get { throw null; } }
        public int Hours { get { throw null; } }
        public int Milliseconds { get { throw null; } }
        public int Minutes { get { throw null; } }
        public int Seconds { get { throw null; } }
        public double TotalDays { get { throw null; } }
        public double TotalHours { get { throw null; } }
        public double TotalMilliseconds { get { throw null; } }
        public double TotalMinutes { get { throw null; } }
        public double TotalSeconds { get { throw null; } }
        public TimeSpan Add(TimeSpan ts) { throw null; }
        public static int Compare(TimeSpan t1, TimeSpan t2) { throw null; }
        public int CompareTo(object value) { throw null; }
        public TimeSpan Duration() { throw null; }
        public override bool Equals(object value) { throw null; }
        public static bool Equals(TimeSpan t1, TimeSpan t2) { throw null; }
        public override int GetHashCode() { throw null; }
        public TimeSpan Negate() { throw null; }
        public TimeSpan Subtract(TimeSpan ts) { throw null; }
        public static TimeSpan FromTicks(long value) { throw null; }
        public override string ToString() { throw null; }
        public static TimeSpan operator -(TimeSpan t) { throw null; }
        public static TimeSpan operator -(TimeSpan t1, TimeSpan t2) { throw null; }
        public static TimeSpan operator +(TimeSpan t) { throw null; }
        public static TimeSpan operator +(TimeSpan t1, TimeSpan t2) { throw null; }
        public static bool operator ==(TimeSpan t1, TimeSpan t2) { throw null; }
        public static bool operator !=(TimeSpan t1, TimeSpan t2) { throw null; }
        public static bool operator <(TimeSpan t1, TimeSpan t2) { throw null; }
        public static bool operator <=(TimeSpan t1, TimeSpan t2) { throw null; }
        public static bool operator >(TimeSpan t1, TimeSpan t2) { throw null; }
        public static bool operator >=(TimeSpan t1, TimeSpan t2) { throw null; }
    }

    public struct Guid
    {
        public static readonly Guid Empty;
        public Guid(byte[] b) { throw null; }
        public Guid(string g) { throw null; }
        public static Guid NewGuid() { throw null; }
        public byte[] ToByteArray() { throw null; }
        public override string ToString() { throw null; }
    }

    public sealed class DBNull { public static readonly DBNull Value; }

    public static class Console
    {
        public static void Write(string value) { }
        public static void WriteLine(string value) { }
    }
}
