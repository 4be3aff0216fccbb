using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The line search of <see cref="LimitedMemoryBfgs"/>: finds a step <c>a</c> along a descent direction <c>d</c> that
/// satisfies the strong Wolfe conditions <c>f(x + a d) &lt;= f(x) + c1 a g.d</c> and <c>|g(x + a d).d| &lt;= c2 |g.d|</c>
/// (Nocedal and Wright, Numerical Optimization, algorithms 3.5 and 3.6: bracketing, then zooming with safeguarded cubic
/// interpolation). Holds its buffers, so one instance serves a whole minimisation without allocating.
/// </summary>
internal sealed class StrongWolfeLineSearch
{
    private const double SufficientDecrease = 1e-4;
    private const double Curvature = 0.9;
    private const double Expansion = 4.0;

    private readonly DifferentiableFunction _function;
    private readonly double[] _trialGradient;
    private readonly double[] _lowGradient;
    private readonly double[] _trialPoint;

    public StrongWolfeLineSearch(DifferentiableFunction function, int length)
    {
        _function = function;
        _trialGradient = new double[length];
        _lowGradient = new double[length];
        _trialPoint = new double[length];
    }

    /// <summary>Function evaluations made by the searches so far.</summary>
    public int Evaluations { get; set; }

    /// <summary>
    /// Searches from <paramref name="point"/> along <paramref name="direction"/>. On success the point, value and
    /// gradient are replaced by those at the accepted step and the step is returned; on failure they are left unchanged
    /// and 0 is returned.
    /// </summary>
    public double Search(Span<double> point, ref double value, Span<double> gradient, ReadOnlySpan<double> direction, double initialStep, int maximumEvaluations)
    {
        double value0 = value;
        double slope0 = TensorPrimitives.Dot<double>(gradient, direction);
        double previousStep = 0, previousValue = value0, previousSlope = slope0;
        double step = initialStep;
        for (int trial = 0; trial < maximumEvaluations; trial++)
        {
            (double trialValue, double trialSlope) = Evaluate(point, direction, step);
            if (!double.IsFinite(trialValue) || trialValue > value0 + (SufficientDecrease * step * slope0) || (trial > 0 && trialValue >= previousValue))
            {
                return Zoom(point, ref value, gradient, direction, value0, slope0, previousStep, previousValue, previousSlope, step, trialValue, trialSlope, maximumEvaluations - trial - 1, previousStep > 0);
            }

            if (Math.Abs(trialSlope) <= -Curvature * slope0)
            {
                return Accept(point, ref value, gradient, direction, step, trialValue, _trialGradient);
            }

            if (trialSlope >= 0)
            {
                CopyTrialToLow();
                return Zoom(point, ref value, gradient, direction, value0, slope0, step, trialValue, trialSlope, previousStep, previousValue, previousSlope, maximumEvaluations - trial - 1, lowHasGradient: true);
            }

            CopyTrialToLow();
            previousStep = step;
            previousValue = trialValue;
            previousSlope = trialSlope;
            step *= Expansion;
        }

        // Out of evaluations while the function still decreased: take the best step found (it satisfies sufficient decrease).
        return previousStep > 0 ? Accept(point, ref value, gradient, direction, previousStep, previousValue, _lowGradient) : 0;
    }

    private double Zoom(
        Span<double> point,
        ref double value,
        Span<double> gradient,
        ReadOnlySpan<double> direction,
        double value0,
        double slope0,
        double lowStep,
        double lowValue,
        double lowSlope,
        double highStep,
        double highValue,
        double highSlope,
        int evaluationsLeft,
        bool lowHasGradient)
    {
        for (int trial = 0; trial < evaluationsLeft; trial++)
        {
            double step = Interpolate(lowStep, lowValue, lowSlope, highStep, highValue, highSlope);
            (double trialValue, double trialSlope) = Evaluate(point, direction, step);
            if (!double.IsFinite(trialValue) || trialValue > value0 + (SufficientDecrease * step * slope0) || trialValue >= lowValue)
            {
                highStep = step;
                highValue = trialValue;
                highSlope = trialSlope;
                continue;
            }

            if (Math.Abs(trialSlope) <= -Curvature * slope0)
            {
                return Accept(point, ref value, gradient, direction, step, trialValue, _trialGradient);
            }

            if (trialSlope * (highStep - lowStep) >= 0)
            {
                highStep = lowStep;
                highValue = lowValue;
                highSlope = lowSlope;
            }

            lowStep = step;
            lowValue = trialValue;
            lowSlope = trialSlope;
            CopyTrialToLow();
            lowHasGradient = true;
        }

        return lowHasGradient && lowStep > 0 && lowValue < value0 ? Accept(point, ref value, gradient, direction, lowStep, lowValue, _lowGradient) : 0;
    }

    /// <summary>
    /// The minimiser of the cubic through both ends (values and slopes), clamped to the middle 80 % of the bracket (so a
    /// step that was far too long shrinks by up to 10 x per trial, not 2 x); the midpoint when the cubic has no minimiser.
    /// </summary>
    private static double Interpolate(double lowStep, double lowValue, double lowSlope, double highStep, double highValue, double highSlope)
    {
        double lower = Math.Min(lowStep, highStep);
        double upper = Math.Max(lowStep, highStep);
        double margin = 0.1 * (upper - lower);
        double candidate = double.NaN;
        if (double.IsFinite(highValue) && double.IsFinite(highSlope))
        {
            double d1 = lowSlope + highSlope - (3 * (lowValue - highValue) / (lowStep - highStep));
            double radicand = (d1 * d1) - (lowSlope * highSlope);
            if (radicand >= 0)
            {
                double d2 = Math.Sign(highStep - lowStep) * Math.Sqrt(radicand);
                candidate = highStep - ((highStep - lowStep) * ((highSlope + d2 - d1) / (highSlope - lowSlope + (2 * d2))));
            }
        }

        return double.IsFinite(candidate) ? Math.Clamp(candidate, lower + margin, upper - margin) : (lowStep + highStep) / 2;
    }

    private (double Value, double Slope) Evaluate(ReadOnlySpan<double> point, ReadOnlySpan<double> direction, double step)
    {
        TensorPrimitives.MultiplyAdd(direction, step, point, _trialPoint);
        double trialValue = _function(_trialPoint, _trialGradient);
        Evaluations++;
        return (trialValue, TensorPrimitives.Dot<double>(_trialGradient, direction));
    }

    private void CopyTrialToLow() => _trialGradient.AsSpan().CopyTo(_lowGradient);

    private static double Accept(Span<double> point, ref double value, Span<double> gradient, ReadOnlySpan<double> direction, double step, double newValue, double[] newGradient)
    {
        TensorPrimitives.MultiplyAdd(direction, step, point, point);
        value = newValue;
        newGradient.AsSpan().CopyTo(gradient);
        return step;
    }
}
