using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

/// <summary>Proves that the test script's ISA re-runs really switch the hardware paths off.</summary>
public class IsaSwitchTests
{
    [Fact]
    public void Runtime_isa_switches_lower_the_hardware_width()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.Equal(VectorWidth.Scalar, KernelDispatch.HardwareWidth);
        }
        else if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0")
        {
            Assert.Equal(VectorWidth.Vector128, KernelDispatch.HardwareWidth);
        }
        else
        {
            Assert.NotEqual(VectorWidth.Scalar, KernelDispatch.HardwareWidth);
        }
    }
}
