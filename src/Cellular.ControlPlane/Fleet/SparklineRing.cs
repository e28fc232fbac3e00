namespace Cellular.ControlPlane.Fleet;

/// <summary>The last few sparkline values of one cell, oldest dropped first; not thread-safe (the sampler owns it).</summary>
internal sealed class SparklineRing(int capacity)
{
    private readonly double[] _values = new double[capacity];
    private int _start;
    private int _count;

    public int Count => _count;

    public void Add(double value)
    {
        if (_count < _values.Length)
        {
            _values[(_start + _count) % _values.Length] = value;
            _count++;
            return;
        }

        _values[_start] = value;
        _start = (_start + 1) % _values.Length;
    }

    /// <summary>A copy, oldest first.</summary>
    public double[] ToArray()
    {
        var copy = new double[_count];
        for (var i = 0; i < _count; i++)
        {
            copy[i] = _values[(_start + i) % _values.Length];
        }

        return copy;
    }
}
