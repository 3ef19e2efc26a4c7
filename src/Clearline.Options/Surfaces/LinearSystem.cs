namespace Clearline.Options.Surfaces;

/// <summary>Small dense linear systems by Gaussian elimination with partial pivoting: a fixed sequence of operations.</summary>
internal static class LinearSystem
{
    /// <summary>
    /// Solves A·x = b for square row-major A (n = b.Length); A and b are overwritten. False when A is singular to
    /// working precision (a zero pivot).
    /// </summary>
    public static bool TrySolve(Span<double> matrix, Span<double> rhs, Span<double> solution)
    {
        var n = rhs.Length;
        for (var column = 0; column < n; column++)
        {
            var pivot = column;
            for (var row = column + 1; row < n; row++)
            {
                if (Math.Abs(matrix[(row * n) + column]) > Math.Abs(matrix[(pivot * n) + column]))
                {
                    pivot = row;
                }
            }

            if (!(Math.Abs(matrix[(pivot * n) + column]) > 0))
            {
                return false;
            }

            if (pivot != column)
            {
                for (var k = 0; k < n; k++)
                {
                    (matrix[(pivot * n) + k], matrix[(column * n) + k]) = (matrix[(column * n) + k], matrix[(pivot * n) + k]);
                }

                (rhs[pivot], rhs[column]) = (rhs[column], rhs[pivot]);
            }

            for (var row = column + 1; row < n; row++)
            {
                var factor = matrix[(row * n) + column] / matrix[(column * n) + column];
                for (var k = column; k < n; k++)
                {
                    matrix[(row * n) + k] -= factor * matrix[(column * n) + k];
                }

                rhs[row] -= factor * rhs[column];
            }
        }

        for (var row = n - 1; row >= 0; row--)
        {
            var sum = rhs[row];
            for (var k = row + 1; k < n; k++)
            {
                sum -= matrix[(row * n) + k] * solution[k];
            }

            solution[row] = sum / matrix[(row * n) + row];
        }

        return true;
    }
}
