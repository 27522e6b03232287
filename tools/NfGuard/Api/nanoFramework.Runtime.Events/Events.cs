// Public API of the nanoFramework.Runtime.Events assembly (NuGet nanoFramework.Runtime.Events 1.11.32,
// nanoframework/nanoFramework.Runtime.Events at tag v1.11.32: BaseEvent.cs). Only the base class of
// the GPIO and serial event arguments; signatures only, written for the guard.
namespace nanoFramework.Runtime.Events
{
    public class BaseEvent
    {
        public ushort Source;
        public byte Message;
    }
}
