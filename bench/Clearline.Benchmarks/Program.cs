using BenchmarkDotNet.Running;
using Clearline.Benchmarks;

// e.g. dotnet run -c Release --project bench/Clearline.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(MicroBook).Assembly).Run(args);
