using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Sequencing.Codecs;

namespace Clearline.Sequencing.Tests;

/// <summary>Every command survives encoding exactly, the format is pinned by golden bytes, and anything else is refused.</summary>
public sealed class CommandCodecTests
{
    private static readonly NewOrder SampleOrder = new(
        new InstrumentId(3), new OrderId(0x0102030405060708), new AccountId(42), Side.Sell, OrderType.Limit, TimeInForce.ImmediateOrCancel,
        new Price(100_000), new Quantity(7), new Quantity(2), PostOnly.Reprice, SelfTradePrevention.DecrementBoth);

    /// <summary>Every field takes values across its whole range, enum bytes included: the codec carries, the book judges.</summary>
    [Fact]
    public void Random_commands_round_trip_exactly()
    {
        var random = new Random(11);
        long L() => random.NextInt64(long.MinValue, long.MaxValue);
        int I() => random.Next(int.MinValue, int.MaxValue);
        byte B() => (byte)random.Next(256);
        for (var i = 0; i < 5_000; i++)
        {
            Assert.True(RoundTrip(
                new NewOrder(new InstrumentId(I()), new OrderId(L()), new AccountId(I()), (Side)B(), (OrderType)B(), (TimeInForce)B(), new Price(L()), new Quantity(L()), new Quantity(L()), (PostOnly)B(), (SelfTradePrevention)B(), random.Next(2) == 0),
                (in NewOrder c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(
                new AmendOrder(new InstrumentId(I()), new OrderId(L()), new AccountId(I()), new Price(L()), new Quantity(L())),
                (in AmendOrder c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(
                new CancelOrder(new InstrumentId(I()), new OrderId(L()), new AccountId(I())),
                (in CancelOrder c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(
                new CancelAllOrders(new AccountId(I()), random.Next(2) == 0 ? null : new InstrumentId(I())),
                (in CancelAllOrders c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new Deposit(new AccountId(I()), new CurrencyId(I()), new Money(L()), L()), (in Deposit c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new Withdraw(new AccountId(I()), new CurrencyId(I()), new Money(L()), L()), (in Withdraw c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new Transfer(new AccountId(I()), new AccountId(I()), new CurrencyId(I()), new Money(L()), L()), (in Transfer c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new CreateSubaccount(new AccountId(I()), new AccountId(I())), (in CreateSubaccount c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new IndexQuote(new IndexId(I()), I(), L()), (in IndexQuote c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(default(PriceTick), (in PriceTick c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new SetKillSwitch(new AccountId(I()), random.Next(2) == 0), (in SetKillSwitch c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new SetTradingHalt(random.Next(2) == 0), (in SetTradingHalt c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new SetIsolatedMargin(new AccountId(I()), new InstrumentId(I()), new Money(L())), (in SetIsolatedMargin c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new SetMarginModel(new AccountId(I()), (MarginModel)random.Next(2)), (in SetMarginModel c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(
                new SetVolatilitySurface(new IndexId(I()), DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber + 1)), BitConverter.Int64BitsToDouble(L()), BitConverter.Int64BitsToDouble(L()), BitConverter.Int64BitsToDouble(L()), BitConverter.Int64BitsToDouble(L()), BitConverter.Int64BitsToDouble(L())),
                (in SetVolatilitySurface c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new ListOption(new IndexId(I()), L(), L(), (OptionType)B(), (SettlementType)B()), (in ListOption c, Span<byte> d) => CommandCodec.Encode(c, d)));
            Assert.True(RoundTrip(new DelistOption(new InstrumentId(I())), (in DelistOption c, Span<byte> d) => CommandCodec.Encode(c, d)));
        }
    }

    /// <summary>The format byte for byte (a new order in version 2, the rest in 1): if this test has to change, the version must too.</summary>
    [Fact]
    public void The_layout_is_pinned()
    {
        Assert.Equal(
            "0002" + "03000000" + "0807060504030201" + "2A000000" + "01" + "00" + "01" + "A086010000000000" + "0700000000000000" + "0200000000000000" + "02" + "04" + "01",
            Convert.ToHexString(Encoded((in NewOrder c, Span<byte> d) => CommandCodec.Encode(c, d), SampleOrder with { ReduceOnly = true })));
        Assert.Equal(
            "0101" + "03000000" + "0700000000000000" + "09000000" + "0500000000000000" + "0000000000000000",
            Convert.ToHexString(Encoded((in AmendOrder c, Span<byte> d) => CommandCodec.Encode(c, d), new AmendOrder(new InstrumentId(3), new OrderId(7), new AccountId(9), new Price(5)))));
        Assert.Equal(
            "0201" + "03000000" + "0700000000000000" + "09000000",
            Convert.ToHexString(Encoded((in CancelOrder c, Span<byte> d) => CommandCodec.Encode(c, d), new CancelOrder(new InstrumentId(3), new OrderId(7), new AccountId(9)))));
        Assert.Equal(
            "0301" + "09000000" + "01" + "03000000",
            Convert.ToHexString(Encoded((in CancelAllOrders c, Span<byte> d) => CommandCodec.Encode(c, d), new CancelAllOrders(new AccountId(9), new InstrumentId(3)))));
        Assert.Equal(
            "0D01" + "02000000" + "AE470B00" + "000000000000F03F" + "0000000000000040" + "000000000000E0BF" + "0000000000000000" + "9A9999999999B93F",
            Convert.ToHexString(Encoded((in SetVolatilitySurface c, Span<byte> d) => CommandCodec.Encode(c, d), new SetVolatilitySurface(new IndexId(2), new DateOnly(2024, 12, 27), 1, 2, -0.5, 0, 0.1))));
        Assert.Equal(
            "0F01" + "02000000" + "0024210794010000" + "0060DEFB74050000" + "01" + "01",
            Convert.ToHexString(Encoded((in ListOption c, Span<byte> d) => CommandCodec.Encode(c, d), new ListOption(new IndexId(2), 1_735_286_400_000, 60_000 * 100_000_000L, OptionType.Put, SettlementType.Linear))));
        Assert.Equal("1001" + "0D000000", Convert.ToHexString(Encoded((in DelistOption c, Span<byte> d) => CommandCodec.Encode(c, d), new DelistOption(new InstrumentId(13)))));
    }

    /// <summary>Journals written before reduce-only replay: a version-1 order decodes as not reduce-only.</summary>
    [Fact]
    public void A_version_one_order_still_decodes()
    {
        var visitor = new Recorder([]);
        var v1 = "0001" + "03000000" + "0807060504030201" + "2A000000" + "01" + "00" + "01" + "A086010000000000" + "0700000000000000" + "0200000000000000" + "02" + "04";
        Assert.True(CommandCodec.TryDecode(Convert.FromHexString(v1), ref visitor, out _));
        Assert.Equal([SampleOrder], visitor.Commands);
    }

    [Theory]
    [InlineData("", "shorter than a command header")]
    [InlineData("00", "shorter than a command header")]
    [InlineData("0003", "unknown format version 3")]
    [InlineData("7f01", "unknown command kind 127")]
    [InlineData("020103000000", "CancelOrder is 18 bytes, not 6")]
    [InlineData("0301090000000203000000", "malformed instrument")]
    [InlineData("0301090000000003000000", "malformed instrument")]
    [InlineData("0b0102", "SetTradingHalt has a malformed flag")]
    [InlineData("0e01" + "07000000" + "02", "SetMarginModel has an unknown margin model")]
    [InlineData("0d01" + "02000000" + "FFFFFFFF" + "00000000000000000000000000000000000000000000000000000000000000000000000000000000", "SetVolatilitySurface has a malformed expiry")]
    [InlineData("0002" + "03000000" + "0807060504030201" + "2A000000" + "01" + "00" + "01" + "A086010000000000" + "0700000000000000" + "0200000000000000" + "02" + "04" + "02", "NewOrder has unknown flags")]
    [InlineData("0002" + "03000000", "NewOrder is 48 bytes, not 6")]
    [InlineData("0101" + "03000000", "AmendOrder is 34 bytes, not 6")]
    [InlineData("0102", "unknown format version 2 of AmendOrder")]
    [InlineData("0f01" + "02000000", "ListOption is 24 bytes, not 6")]
    [InlineData("1001", "DelistOption is 6 bytes, not 2")]
    public void Bytes_that_are_not_a_command_are_refused_and_nothing_is_visited(string hex, string reason)
    {
        var visitor = new Recorder([]);
        Assert.False(CommandCodec.TryDecode(Convert.FromHexString(hex), ref visitor, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Empty(visitor.Commands);
    }

    [Fact]
    public void Encoding_into_a_short_buffer_is_refused()
    {
        var buffer = new byte[CommandCodec.MaxSize - 1];
        Assert.Throws<ArgumentException>(() => CommandCodec.Encode(new SetVolatilitySurface(new IndexId(0), new DateOnly(2024, 12, 27), 0.04, 0.1, -0.3, 0, 0.2), buffer));
    }

    private delegate int Encoder<T>(in T command, Span<byte> destination);

    private static byte[] Encoded<T>(Encoder<T> encode, T command)
    {
        var buffer = new byte[CommandCodec.MaxSize];
        return buffer[..encode(command, buffer)];
    }

    private static bool RoundTrip<T>(T command, Encoder<T> encode)
        where T : notnull
    {
        var visitor = new Recorder([]);
        var ok = CommandCodec.TryDecode(Encoded(encode, command), ref visitor, out var error);
        return ok && error is null && visitor.Commands.Count == 1 && visitor.Commands[0].Equals(command);
    }

    private readonly struct Recorder(List<object> commands) : ICommandVisitor
    {
        public List<object> Commands { get; } = commands;

        public void NewOrder(in NewOrder command) => Commands.Add(command);

        public void AmendOrder(in AmendOrder command) => Commands.Add(command);

        public void CancelOrder(in CancelOrder command) => Commands.Add(command);

        public void CancelAllOrders(in CancelAllOrders command) => Commands.Add(command);

        public void Deposit(in Deposit command) => Commands.Add(command);

        public void Withdraw(in Withdraw command) => Commands.Add(command);

        public void Transfer(in Transfer command) => Commands.Add(command);

        public void CreateSubaccount(in CreateSubaccount command) => Commands.Add(command);

        public void IndexQuote(in IndexQuote command) => Commands.Add(command);

        public void PriceTick(in PriceTick command) => Commands.Add(command);

        public void SetKillSwitch(in SetKillSwitch command) => Commands.Add(command);

        public void SetTradingHalt(in SetTradingHalt command) => Commands.Add(command);

        public void SetIsolatedMargin(in SetIsolatedMargin command) => Commands.Add(command);

        public void SetVolatilitySurface(in SetVolatilitySurface command) => Commands.Add(command);

        public void SetMarginModel(in SetMarginModel command) => Commands.Add(command);
        public void ListOption(in ListOption command) => Commands.Add(command);

        public void DelistOption(in DelistOption command) => Commands.Add(command);
    }
}
