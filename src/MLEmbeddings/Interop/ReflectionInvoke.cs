using System.Reflection;
using System.Runtime.ExceptionServices;

namespace MLEmbeddings.Interop;

/// <summary>Calls a reflected method and rethrows the callee's own exception instead of a <see cref="TargetInvocationException"/>.</summary>
internal static class ReflectionInvoke
{
    /// <summary>Invokes <paramref name="method"/> on <paramref name="target"/> (null for static methods).</summary>
    public static object? Call(MethodBase method, object? target, params object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }
}
