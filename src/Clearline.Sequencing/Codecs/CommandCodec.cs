using System.Buffers.Binary;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;

namespace Clearline.Sequencing.Codecs;

/// <summary>
/// The binary form of every command, as the journal stores it: byte 0 the <see cref="CommandKind"/>, byte 1
/// the format version, then the fields in declaration order, little-endian, fixed width (ids and prices
/// 8 bytes, instrument and account ids 4, enums 1). A change to any layout is a new version; decoding keeps
/// reading every version it ever wrote, so an old journal always replays. Versions: every command 1, except
/// <see cref="NewOrder"/> 2 (version 1 plus a flags byte, bit 0 reduce-only; a version-1 order is not reduce-only).
/// </summary>
/// <remarks>
/// The codec guarantees structure only (kind, version, exact length). Field values are the book's to judge:
/// an undefined side, say, decodes and is then rejected by the book with its own reason.
/// </remarks>
public static class CommandCodec
{
    public const byte Version = 1;

    /// <summary>The version a <see cref="NewOrder"/> is written in; version 1 orders still decode.</summary>
    public const byte NewOrderVersion = 2;

    /// <summary>The largest encoded command (a volatility surface).</summary>
    public const int MaxSize = SetVolatilitySurfaceSize;

    private const int HeaderSize = 2;
    private const int NewOrderV1Size = HeaderSize + 4 + 8 + 4 + 1 + 1 + 1 + 8 + 8 + 8 + 1 + 1;
    private const int NewOrderSize = NewOrderV1Size + 1;
    private const byte ReduceOnlyFlag = 1;
    private const int AmendOrderSize = HeaderSize + 4 + 8 + 4 + 8 + 8;
    private const int CancelOrderSize = HeaderSize + 4 + 8 + 4;
    private const int CancelAllOrdersSize = HeaderSize + 4 + 1 + 4;
    private const int CollateralSize = HeaderSize + 4 + 4 + 8 + 8;
    private const int TransferSize = HeaderSize + 4 + 4 + 4 + 8 + 8;
    private const int CreateSubaccountSize = HeaderSize + 4 + 4;
    private const int IndexQuoteSize = HeaderSize + 4 + 4 + 8;
    private const int PriceTickSize = HeaderSize;
    private const int SetKillSwitchSize = HeaderSize + 4 + 1;
    private const int SetTradingHaltSize = HeaderSize + 1;
    private const int SetIsolatedMarginSize = HeaderSize + 4 + 4 + 8;
    private const int SetVolatilitySurfaceSize = HeaderSize + 4 + 4 + (5 * 8);
    private const int SetMarginModelSize = HeaderSize + 4 + 1;
    private const int ListOptionSize = HeaderSize + 4 + 8 + 8 + 1 + 1;
    private const int DelistOptionSize = HeaderSize + 4;

    public static int Encode(in NewOrder c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.NewOrder, NewOrderSize, NewOrderVersion);
        w.Int32(c.Instrument.Value);
        w.Int64(c.Id.Value);
        w.Int32(c.Account.Value);
        w.Byte((byte)c.Side);
        w.Byte((byte)c.Type);
        w.Byte((byte)c.TimeInForce);
        w.Int64(c.Price.Ticks);
        w.Int64(c.Quantity.Lots);
        w.Int64(c.DisplayQuantity.Lots);
        w.Byte((byte)c.PostOnly);
        w.Byte((byte)c.SelfTradePrevention);
        w.Byte(c.ReduceOnly ? ReduceOnlyFlag : (byte)0);
        return NewOrderSize;
    }

    public static int Encode(in AmendOrder c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.AmendOrder, AmendOrderSize);
        w.Int32(c.Instrument.Value);
        w.Int64(c.Id.Value);
        w.Int32(c.Account.Value);
        w.Int64(c.Price.Ticks);
        w.Int64(c.Quantity.Lots);
        return AmendOrderSize;
    }

    public static int Encode(in CancelOrder c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.CancelOrder, CancelOrderSize);
        w.Int32(c.Instrument.Value);
        w.Int64(c.Id.Value);
        w.Int32(c.Account.Value);
        return CancelOrderSize;
    }

    public static int Encode(in CancelAllOrders c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.CancelAllOrders, CancelAllOrdersSize);
        w.Int32(c.Account.Value);
        w.Byte(c.Instrument is null ? (byte)0 : (byte)1);
        w.Int32(c.Instrument?.Value ?? 0);
        return CancelAllOrdersSize;
    }

    public static int Encode(in Deposit c, Span<byte> destination) => EncodeCollateral(CommandKind.Deposit, c.Account, c.Currency, c.Amount, c.RequestId, destination);

    public static int Encode(in Withdraw c, Span<byte> destination) => EncodeCollateral(CommandKind.Withdraw, c.Account, c.Currency, c.Amount, c.RequestId, destination);

    public static int Encode(in Transfer c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.Transfer, TransferSize);
        w.Int32(c.From.Value);
        w.Int32(c.To.Value);
        w.Int32(c.Currency.Value);
        w.Int64(c.Amount.Units);
        w.Int64(c.RequestId);
        return TransferSize;
    }

    public static int Encode(in CreateSubaccount c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.CreateSubaccount, CreateSubaccountSize);
        w.Int32(c.Main.Value);
        w.Int32(c.Subaccount.Value);
        return CreateSubaccountSize;
    }

    public static int Encode(in IndexQuote c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.IndexQuote, IndexQuoteSize);
        w.Int32(c.Index.Value);
        w.Int32(c.Source);
        w.Int64(c.PriceE8);
        return IndexQuoteSize;
    }

    public static int Encode(in PriceTick c, Span<byte> destination)
    {
        _ = c;
        _ = new Writer(destination, CommandKind.PriceTick, PriceTickSize);
        return PriceTickSize;
    }

    public static int Encode(in SetKillSwitch c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.SetKillSwitch, SetKillSwitchSize);
        w.Int32(c.Account.Value);
        w.Byte(c.Engaged ? (byte)1 : (byte)0);
        return SetKillSwitchSize;
    }

    public static int Encode(in SetTradingHalt c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.SetTradingHalt, SetTradingHaltSize);
        w.Byte(c.Halted ? (byte)1 : (byte)0);
        return SetTradingHaltSize;
    }

    public static int Encode(in SetIsolatedMargin c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.SetIsolatedMargin, SetIsolatedMarginSize);
        w.Int32(c.Account.Value);
        w.Int32(c.Instrument.Value);
        w.Int64(c.Collateral.Units);
        return SetIsolatedMarginSize;
    }

    public static int Encode(in SetMarginModel c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.SetMarginModel, SetMarginModelSize);
        w.Int32(c.Account.Value);
        w.Byte((byte)c.Model);
        return SetMarginModelSize;
    }

    /// <summary>The expiry as its day number (days since 0001-01-01), the five parameters as their IEEE-754 bits.</summary>
    public static int Encode(in SetVolatilitySurface c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.SetVolatilitySurface, SetVolatilitySurfaceSize);
        w.Int32(c.Index.Value);
        w.Int32(c.Expiry.DayNumber);
        w.Int64(BitConverter.DoubleToInt64Bits(c.A));
        w.Int64(BitConverter.DoubleToInt64Bits(c.B));
        w.Int64(BitConverter.DoubleToInt64Bits(c.Rho));
        w.Int64(BitConverter.DoubleToInt64Bits(c.M));
        w.Int64(BitConverter.DoubleToInt64Bits(c.Sigma));
        return SetVolatilitySurfaceSize;
    }

    public static int Encode(in ListOption c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.ListOption, ListOptionSize);
        w.Int32(c.Index.Value);
        w.Int64(c.ExpiryTimestampMs);
        w.Int64(c.StrikeE8);
        w.Byte((byte)c.Type);
        w.Byte((byte)c.Settlement);
        return ListOptionSize;
    }

    public static int Encode(in DelistOption c, Span<byte> destination)
    {
        var w = new Writer(destination, CommandKind.DelistOption, DelistOptionSize);
        w.Int32(c.Instrument.Value);
        return DelistOptionSize;
    }

    /// <summary>Decodes one command and hands it to <paramref name="visitor"/>; false with a reason when the bytes are not a command.</summary>
    public static bool TryDecode<TVisitor>(ReadOnlySpan<byte> source, ref TVisitor visitor, out string? error)
        where TVisitor : struct, ICommandVisitor, allows ref struct
    {
        if (source.Length < HeaderSize)
        {
            error = "shorter than a command header";
            return false;
        }

        var kind = (CommandKind)source[0];
        var newOrderV1 = kind == CommandKind.NewOrder && source[1] == Version;
        if (source[1] != (kind == CommandKind.NewOrder && !newOrderV1 ? NewOrderVersion : Version))
        {
            error = $"unknown format version {source[1]} of {kind}";
            return false;
        }

        var expected = kind switch
        {
            CommandKind.NewOrder => newOrderV1 ? NewOrderV1Size : NewOrderSize,
            CommandKind.AmendOrder => AmendOrderSize,
            CommandKind.CancelOrder => CancelOrderSize,
            CommandKind.CancelAllOrders => CancelAllOrdersSize,
            CommandKind.Deposit or CommandKind.Withdraw => CollateralSize,
            CommandKind.Transfer => TransferSize,
            CommandKind.CreateSubaccount => CreateSubaccountSize,
            CommandKind.IndexQuote => IndexQuoteSize,
            CommandKind.PriceTick => PriceTickSize,
            CommandKind.SetKillSwitch => SetKillSwitchSize,
            CommandKind.SetTradingHalt => SetTradingHaltSize,
            CommandKind.SetIsolatedMargin => SetIsolatedMarginSize,
            CommandKind.SetVolatilitySurface => SetVolatilitySurfaceSize,
            CommandKind.SetMarginModel => SetMarginModelSize,
            CommandKind.ListOption => ListOptionSize,
            CommandKind.DelistOption => DelistOptionSize,
            _ => -1,
        };
        if (expected < 0 || source.Length != expected)
        {
            error = expected < 0 ? $"unknown command kind {source[0]}" : $"{kind} is {expected} bytes, not {source.Length}";
            return false;
        }

        var r = new Reader(source[HeaderSize..]);
        switch (kind)
        {
            case CommandKind.NewOrder:
                var order = new NewOrder(
                    new InstrumentId(r.Int32()),
                    new OrderId(r.Int64()),
                    new AccountId(r.Int32()),
                    (Side)r.Byte(),
                    (OrderType)r.Byte(),
                    (TimeInForce)r.Byte(),
                    new Price(r.Int64()),
                    new Quantity(r.Int64()),
                    new Quantity(r.Int64()),
                    (PostOnly)r.Byte(),
                    (SelfTradePrevention)r.Byte());
                var flags = newOrderV1 ? (byte)0 : r.Byte();
                if ((flags & ~ReduceOnlyFlag) != 0)
                {
                    error = "NewOrder has unknown flags";
                    return false;
                }

                visitor.NewOrder(order with { ReduceOnly = flags == ReduceOnlyFlag });
                break;
            case CommandKind.AmendOrder:
                visitor.AmendOrder(new AmendOrder(new InstrumentId(r.Int32()), new OrderId(r.Int64()), new AccountId(r.Int32()), new Price(r.Int64()), new Quantity(r.Int64())));
                break;
            case CommandKind.CancelOrder:
                visitor.CancelOrder(new CancelOrder(new InstrumentId(r.Int32()), new OrderId(r.Int64()), new AccountId(r.Int32())));
                break;
            case CommandKind.Deposit:
                visitor.Deposit(new Deposit(new AccountId(r.Int32()), new CurrencyId(r.Int32()), new Money(r.Int64()), r.Int64()));
                break;
            case CommandKind.Withdraw:
                visitor.Withdraw(new Withdraw(new AccountId(r.Int32()), new CurrencyId(r.Int32()), new Money(r.Int64()), r.Int64()));
                break;
            case CommandKind.Transfer:
                visitor.Transfer(new Transfer(new AccountId(r.Int32()), new AccountId(r.Int32()), new CurrencyId(r.Int32()), new Money(r.Int64()), r.Int64()));
                break;
            case CommandKind.CreateSubaccount:
                visitor.CreateSubaccount(new CreateSubaccount(new AccountId(r.Int32()), new AccountId(r.Int32())));
                break;
            case CommandKind.IndexQuote:
                visitor.IndexQuote(new IndexQuote(new IndexId(r.Int32()), r.Int32(), r.Int64()));
                break;
            case CommandKind.PriceTick:
                visitor.PriceTick(default);
                break;
            case CommandKind.SetKillSwitch:
                var killAccount = new AccountId(r.Int32());
                var engaged = r.Byte();
                if (engaged > 1)
                {
                    error = "SetKillSwitch has a malformed flag";
                    return false;
                }

                visitor.SetKillSwitch(new SetKillSwitch(killAccount, engaged == 1));
                break;
            case CommandKind.SetTradingHalt:
                var halted = r.Byte();
                if (halted > 1)
                {
                    error = "SetTradingHalt has a malformed flag";
                    return false;
                }

                visitor.SetTradingHalt(new SetTradingHalt(halted == 1));
                break;
            case CommandKind.SetIsolatedMargin:
                visitor.SetIsolatedMargin(new SetIsolatedMargin(new AccountId(r.Int32()), new InstrumentId(r.Int32()), new Money(r.Int64())));
                break;
            case CommandKind.SetVolatilitySurface:
                var surfaceIndex = new IndexId(r.Int32());
                var day = r.Int32();
                if ((uint)day > (uint)DateOnly.MaxValue.DayNumber)
                {
                    error = "SetVolatilitySurface has a malformed expiry";
                    return false;
                }

                visitor.SetVolatilitySurface(new SetVolatilitySurface(
                    surfaceIndex, DateOnly.FromDayNumber(day), r.Double(), r.Double(), r.Double(), r.Double(), r.Double()));
                break;
            case CommandKind.SetMarginModel:
                var modelAccount = new AccountId(r.Int32());
                var model = (MarginModel)r.Byte();
                if (!Enum.IsDefined(model))
                {
                    error = "SetMarginModel has an unknown margin model";
                    return false;
                }

                visitor.SetMarginModel(new SetMarginModel(modelAccount, model));
                break;
            case CommandKind.ListOption:
                visitor.ListOption(new ListOption(new IndexId(r.Int32()), r.Int64(), r.Int64(), (OptionType)r.Byte(), (SettlementType)r.Byte()));
                break;
            case CommandKind.DelistOption:
                visitor.DelistOption(new DelistOption(new InstrumentId(r.Int32())));
                break;
            default:
                var account = new AccountId(r.Int32());
                var hasInstrument = r.Byte();
                var instrument = r.Int32();
                if (hasInstrument > 1 || (hasInstrument == 0 && instrument != 0))
                {
                    error = "CancelAllOrders has a malformed instrument";
                    return false;
                }

                visitor.CancelAllOrders(new CancelAllOrders(account, hasInstrument == 1 ? new InstrumentId(instrument) : null));
                break;
        }

        error = null;
        return true;
    }

    private static int EncodeCollateral(CommandKind kind, AccountId account, CurrencyId currency, Money amount, long requestId, Span<byte> destination)
    {
        var w = new Writer(destination, kind, CollateralSize);
        w.Int32(account.Value);
        w.Int32(currency.Value);
        w.Int64(amount.Units);
        w.Int64(requestId);
        return CollateralSize;
    }

    private ref struct Writer
    {
        private readonly Span<byte> _destination;
        private int _position;

        public Writer(Span<byte> destination, CommandKind kind, int size, byte version = Version)
        {
            if (destination.Length < size)
            {
                throw new ArgumentException($"{kind} needs {size} bytes, the buffer has {destination.Length}", nameof(destination));
            }

            _destination = destination;
            _destination[0] = (byte)kind;
            _destination[1] = version;
            _position = HeaderSize;
        }

        public void Byte(byte value) => _destination[_position++] = value;

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_destination[_position..], value);
            _position += 4;
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_destination[_position..], value);
            _position += 8;
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> source)
    {
        private readonly ReadOnlySpan<byte> _source = source;
        private int _position;

        public byte Byte() => _source[_position++];

        public int Int32()
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(_source[_position..]);
            _position += 4;
            return value;
        }

        public long Int64()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(_source[_position..]);
            _position += 8;
            return value;
        }

        public double Double() => BitConverter.Int64BitsToDouble(Int64());
    }
}
