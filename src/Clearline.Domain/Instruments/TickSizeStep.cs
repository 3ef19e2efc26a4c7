namespace Clearline.Domain.Instruments;

/// <summary>From <see cref="AbovePrice"/> upwards (inclusive) prices move in steps of <see cref="TickSize"/> (Deribit's <c>tick_size_steps</c>).</summary>
public readonly record struct TickSizeStep(decimal AbovePrice, decimal TickSize);
