using System.Buffers;
using System.Buffers.Binary;
using Clearline.Clearing;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Risk;
using Clearline.Risk.Funding;
using Clearline.Risk.Positions;
using Clearline.Risk.Prices;

namespace Clearline.Engine;

/// <summary>
/// The canonical binary form of a <see cref="ClearingState"/>, the clearing section of <see cref="EngineStateCodec"/>
/// and the data of the clearing leaves of the state hash. Little-endian, fixed width:
/// <code>
/// section  = venue | account count i32 | account* | requests
/// venue    = config fingerprint [32] | trading halted u8 | currency count i32
///            | (deposited i64 | withdrawn i64 | residual i128 | insurance fund i64 | socialised i64 | funding pool i64)*
///            | index count i32 | (quote count i32 | (source i32 | mid i64 | timestamp i64)*)*
///            | market count i32 | (instrument i32 | has-update u8 | last update i64 | smoothed i64 | held i64 | mark i64 | index i64 (0: none)
///                                 | continuous u8 | [last i64 | rate i64 | mark i64 | folded index i128 | rate × time i128]
///                                 | discrete u8 | [last i64 | next i64 | samples i64 | premium sum i128 | weighted sum i128 | index i128 | last rate i64]
///                                 | breaker u8 | [phase u8 | phase ends i64 | sample count i32 | (time i64 | mark i64)*]
///                                 | delivery u8 | [last i64 | held i64 (0: none) | weighted i128 | covered i64 | delivered u8 | price i64]
///                                 | volatility u8 | [last i64 | mark i64 | decayed squares i64]
///                                 | option forward i64 (0: none) | option volatility f64 | option mark time i64 | delisted u8)*
///            | surface count i32 | (index i32 | expiry day number i32 | a f64 | b f64 | ρ f64 | m f64 | σ f64 | years f64)*
///            | listing count i32 | (instrument i32 | index i32 | expiry ms i64 | strike e8 i64 | type u8 | settlement u8)*
/// account  = id i32 | main i32 | kill switch u8 | margin model u8 | liquidating currencies u32 | balance count i32 | balance i64*
///            | isolated count i32 | (instrument i32 | balance i64 | liquidating u8)*
///            | position count i32 | (instrument i32 | size i64 | cost i128 | funding entry i128)*
/// requests = count i32 | (account i32 | request id i64 | kind u8 | counterparty i32 | currency i32 | amount i64)*
/// </code>
/// </summary>
internal static class ClearingCodec
{
    public static byte[] EncodeVenue(ClearingState state, Hash256 fingerprint)
    {
        var w = new ArrayBufferWriter<byte>();
        w.Write(fingerprint.ToArray());
        Byte(w, state.TradingHalted ? (byte)1 : (byte)0);
        Int32(w, state.Ledgers.Count);
        foreach (var l in state.Ledgers)
        {
            Int64(w, l.Deposited.Units);
            Int64(w, l.Withdrawn.Units);
            Int128(w, l.Residual.Units);
            Int64(w, l.InsuranceFund.Units);
            Int64(w, l.Socialised.Units);
            Int64(w, l.FundingPool.Units);
        }

        Int32(w, state.Indices.Count);
        foreach (var index in state.Indices)
        {
            Int32(w, index.Quotes.Count);
            foreach (var q in index.Quotes)
            {
                Int32(w, q.SourceId);
                Int64(w, q.Quote.Mid.E8);
                Int64(w, q.Quote.TimestampMicros);
            }
        }

        Int32(w, state.Markets.Count);
        foreach (var m in state.Markets)
        {
            Int32(w, m.Instrument.Value);
            Byte(w, m.MarkState.LastUpdateMicros.HasValue ? (byte)1 : (byte)0);
            Int64(w, m.MarkState.LastUpdateMicros ?? 0);
            Int64(w, m.MarkState.SmoothedBasis.E8);
            Int64(w, m.MarkState.HeldBasis.E8);
            Int64(w, m.Mark.E8);
            Int64(w, m.Index?.E8 ?? 0);
            Byte(w, m.ContinuousFunding is null ? (byte)0 : (byte)1);
            if (m.ContinuousFunding is { } c)
            {
                Int64(w, c.LastMicros);
                Int64(w, c.Rate.Ppb);
                Int64(w, c.Mark.E8);
                Int128(w, c.FoldedIndex.Value);
                Int128(w, c.RateTimeSinceFold);
            }

            Byte(w, m.DiscreteFunding is null ? (byte)0 : (byte)1);
            if (m.DiscreteFunding is { } d)
            {
                Int64(w, d.LastMicros);
                Int64(w, d.NextFundingMicros);
                Int64(w, d.SampleCount);
                Int128(w, d.PremiumSum);
                Int128(w, d.WeightedPremiumSum);
                Int128(w, d.Index.Value);
                Int64(w, d.LastRate.Ppb);
            }

            Byte(w, m.Breaker is null ? (byte)0 : (byte)1);
            if (m.Breaker is { } b)
            {
                Byte(w, (byte)b.Phase);
                Int64(w, b.PhaseEndsMicros);
                Int32(w, b.Window.Count);
                foreach (var (micros, markE8) in b.Window)
                {
                    Int64(w, micros);
                    Int64(w, markE8);
                }
            }

            Byte(w, m.Delivery is null ? (byte)0 : (byte)1);
            if (m.Delivery is { } delivery)
            {
                Int64(w, delivery.LastMicros);
                Int64(w, delivery.Held?.E8 ?? 0);
                Int128(w, delivery.Weighted);
                Int64(w, delivery.CoveredMicros);
                Byte(w, delivery.Delivered is null ? (byte)0 : (byte)1);
                Int64(w, delivery.Delivered?.E8 ?? 0);
            }

            Byte(w, m.Volatility is null ? (byte)0 : (byte)1);
            if (m.Volatility is { } volatility)
            {
                Int64(w, volatility.LastMicros);
                Int64(w, volatility.LastMarkE8);
                Int64(w, volatility.DecayedSquares);
            }

            Int64(w, m.OptionForward.E8);
            Int64(w, BitConverter.DoubleToInt64Bits(m.OptionVolatility));
            Int64(w, m.OptionMarkedAt);
            Byte(w, m.Delisted ? (byte)1 : (byte)0);
        }

        Int32(w, state.Surfaces.Count);
        foreach (var s in state.Surfaces)
        {
            Int32(w, s.Index.Value);
            Int32(w, s.Expiry.DayNumber);
            foreach (var value in (ReadOnlySpan<double>)[s.A, s.B, s.Rho, s.M, s.Sigma, s.Years])
            {
                Int64(w, BitConverter.DoubleToInt64Bits(value));
            }
        }

        Int32(w, state.Listings.Count);
        foreach (var l in state.Listings)
        {
            Int32(w, l.Instrument.Value);
            Int32(w, l.Listing.Index.Value);
            Int64(w, l.Listing.ExpiryTimestampMs);
            Int64(w, l.Listing.StrikeE8);
            Byte(w, (byte)l.Listing.Type);
            Byte(w, (byte)l.Listing.Settlement);
        }

        return w.WrittenSpan.ToArray();
    }

    public static byte[] EncodeAccount(AccountState a)
    {
        var w = new ArrayBufferWriter<byte>(64);
        Int32(w, a.Id.Value);
        Int32(w, a.Main.Value);
        Byte(w, a.KillSwitch ? (byte)1 : (byte)0);
        Byte(w, (byte)a.Model);
        Int32(w, unchecked((int)a.Liquidating));
        Int32(w, a.Balances.Count);
        foreach (var balance in a.Balances)
        {
            Int64(w, balance.Units);
        }

        Int32(w, a.Isolated.Count);
        foreach (var pool in a.Isolated)
        {
            Int32(w, pool.Instrument.Value);
            Int64(w, pool.Balance.Units);
            Byte(w, pool.Liquidating ? (byte)1 : (byte)0);
        }

        Int32(w, a.Positions.Count);
        foreach (var p in a.Positions)
        {
            Int32(w, p.Instrument.Value);
            Int64(w, p.Position.Size);
            Int128(w, p.Position.Cost.Units);
            Int128(w, p.FundingEntry.Value);
        }

        return w.WrittenSpan.ToArray();
    }

    public static byte[] EncodeRequests(IReadOnlyList<RequestState> requests)
    {
        var w = new ArrayBufferWriter<byte>(4 + (requests.Count * 29));
        Int32(w, requests.Count);
        foreach (var r in requests)
        {
            Int32(w, r.Account.Value);
            Int64(w, r.RequestId);
            Byte(w, (byte)r.Request.Kind);
            Int32(w, r.Request.Counterparty.Value);
            Int32(w, r.Request.Currency.Value);
            Int64(w, r.Request.Amount.Units);
        }

        return w.WrittenSpan.ToArray();
    }

    /// <summary>The whole section: venue, accounts, requests.</summary>
    public static byte[] Encode(ClearingState state, Hash256 fingerprint)
    {
        var w = new ArrayBufferWriter<byte>();
        w.Write(EncodeVenue(state, fingerprint));
        Int32(w, state.Accounts.Count);
        foreach (var account in state.Accounts)
        {
            w.Write(EncodeAccount(account));
        }

        w.Write(EncodeRequests(state.Requests));
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Reads a section written under the configuration whose fingerprint is <paramref name="fingerprint"/>; anything else is refused.</summary>
    public static ClearingState Decode(ref StateReader r, Hash256 fingerprint)
    {
        var written = r.Hash("clearing config fingerprint");
        if (written != fingerprint)
        {
            throw new InvalidDataException($"the clearing configuration differs from when the state was taken: fingerprint {fingerprint}, not {written}");
        }

        var halted = Flag(ref r, "trading halted flag");
        var ledgers = new CurrencyLedger[r.Count("currency count", 56)];
        for (var i = 0; i < ledgers.Length; i++)
        {
            ledgers[i] = new CurrencyLedger(
                new Money(r.Int64("deposited")), new Money(r.Int64("withdrawn")), new FineMoney(r.Int128("residual")), new Money(r.Int64("insurance fund")), new Money(r.Int64("socialised")), new Money(r.Int64("funding pool")));
        }

        var indices = new IndexState[r.Count("index count", 4)];
        for (var i = 0; i < indices.Length; i++)
        {
            var quotes = new IndexSourceQuote[r.Count("quote count", 20)];
            for (var q = 0; q < quotes.Length; q++)
            {
                quotes[q] = new IndexSourceQuote(r.Int32("source"), new SourceQuote(new QuotePrice(r.Int64("mid")), r.Int64("quote timestamp")));
            }

            indices[i] = new IndexState(quotes);
        }

        var markets = new MarketPrices[r.Count("market count", 67)];
        for (var i = 0; i < markets.Length; i++)
        {
            var instrument = new InstrumentId(r.Int32("instrument"));
            var hasUpdate = r.Byte("has-update flag");
            var last = r.Int64("last mark update");
            var markState = new MarkState(hasUpdate switch { 0 when last == 0 => null, 1 => last, _ => throw new InvalidDataException($"market {instrument}: malformed mark update time") }, new QuotePrice(r.Int64("smoothed basis")), new QuotePrice(r.Int64("held basis")));
            var mark = new QuotePrice(r.Int64("mark"));
            var index = r.Int64("index");
            var continuous = Flag(ref r, "continuous funding flag") ? new ContinuousFundingState(
                r.Int64("funding time"), new FundingRate(r.Int64("funding rate")), new QuotePrice(r.Int64("funding mark")), new FundingIndex(r.Int128("folded funding index")), r.Int128("rate × time"))
                : null;
            var discrete = Flag(ref r, "discrete funding flag") ? new DiscreteFundingState(
                r.Int64("funding time"), r.Int64("next funding time"), r.Int64("premium samples"), r.Int128("premium sum"), r.Int128("weighted premium sum"), new FundingIndex(r.Int128("funding index")), new FundingRate(r.Int64("last funding rate")))
                : null;
            var breaker = Flag(ref r, "circuit breaker flag") ? ReadBreaker(ref r) : null;
            var delivery = Flag(ref r, "delivery flag") ? ReadDelivery(ref r) : null;
            var volatility = Flag(ref r, "volatility flag")
                ? new RealisedVolatilityState(r.Int64("volatility last observed"), r.Int64("volatility last mark"), r.Int64("volatility decayed squares"))
                : null;
            markets[i] = new MarketPrices(instrument, markState, mark, index == 0 ? null : new QuotePrice(index), continuous, discrete, breaker, delivery, volatility, new QuotePrice(r.Int64("option forward")), Double(ref r, "option volatility"), r.Int64("option mark time"), Flag(ref r, "delisted flag"));
        }

        var surfaces = new SurfaceState[r.Count("surface count", 56)];
        for (var i = 0; i < surfaces.Length; i++)
        {
            var surfaceIndex = new IndexId(r.Int32("surface index"));
            var day = r.Int32("surface expiry");
            if ((uint)day > (uint)DateOnly.MaxValue.DayNumber)
            {
                throw new InvalidDataException($"surface {i}: malformed expiry day {day}");
            }

            surfaces[i] = new SurfaceState(
                surfaceIndex, DateOnly.FromDayNumber(day), Double(ref r, "svi a"), Double(ref r, "svi b"), Double(ref r, "svi rho"), Double(ref r, "svi m"), Double(ref r, "svi sigma"), Double(ref r, "surface years"));
        }

        var listings = new OptionListed[r.Count("listing count", 26)];
        for (var i = 0; i < listings.Length; i++)
        {
            listings[i] = new OptionListed(
                new InstrumentId(r.Int32("listed instrument")),
                new ListOption(new IndexId(r.Int32("listing index")), r.Int64("listing expiry"), r.Int64("listing strike"), (OptionType)r.Byte("listing type"), (SettlementType)r.Byte("listing settlement")));
        }

        var accounts = new AccountState[r.Count("account count", 26)];
        for (var i = 0; i < accounts.Length; i++)
        {
            var id = new AccountId(r.Int32("account id"));
            var main = new AccountId(r.Int32("main account"));
            var kill = r.Byte("kill switch") switch { 0 => false, 1 => true, _ => throw new InvalidDataException($"account {id}: malformed kill switch") };
            var model = (MarginModel)r.Byte("margin model");
            if (!Enum.IsDefined(model))
            {
                throw new InvalidDataException($"account {id}: unknown margin model {model}");
            }

            var liquidating = unchecked((uint)r.Int32("liquidating currencies"));
            var balances = new Money[r.Count("balance count", 8)];
            for (var b = 0; b < balances.Length; b++)
            {
                balances[b] = new Money(r.Int64("balance"));
            }

            var isolated = new IsolatedPoolState[r.Count("isolated pool count", 13)];
            for (var p = 0; p < isolated.Length; p++)
            {
                isolated[p] = new IsolatedPoolState(new InstrumentId(r.Int32("isolated instrument")), new Money(r.Int64("isolated balance")), Flag(ref r, "isolated liquidating"));
            }

            var positions = new PositionState[r.Count("position count", 44)];
            for (var p = 0; p < positions.Length; p++)
            {
                positions[p] = new PositionState(new InstrumentId(r.Int32("position instrument")), new Position(r.Int64("position size"), new FineMoney(r.Int128("position cost"))), new FundingIndex(r.Int128("funding entry")));
            }

            accounts[i] = new AccountState(id, main, kill, model, liquidating, balances, isolated, positions);
        }

        var requests = new RequestState[r.Count("request count", 29)];
        for (var i = 0; i < requests.Length; i++)
        {
            var account = new AccountId(r.Int32("request account"));
            var requestId = r.Int64("request id");
            var kind = (CommandKind)r.Byte("request kind");
            if (kind is not (CommandKind.Deposit or CommandKind.Withdraw or CommandKind.Transfer))
            {
                throw new InvalidDataException($"request {requestId} of account {account} is a {kind}, not a collateral request");
            }

            requests[i] = new RequestState(account, requestId, new RequestRecord(kind, new AccountId(r.Int32("counterparty")), new CurrencyId(r.Int32("currency")), new Money(r.Int64("amount"))));
        }

        return new ClearingState(halted, ledgers, indices, markets, accounts, requests, surfaces, listings);
    }

    private static DeliveryPriceState ReadDelivery(ref StateReader r)
    {
        var last = r.Int64("delivery last observed");
        var held = r.Int64("delivery held index");
        var weighted = r.Int128("delivery weighted sum");
        var covered = r.Int64("delivery covered time");
        var delivered = Flag(ref r, "delivered flag");
        var price = r.Int64("delivery price");
        return new DeliveryPriceState(last, held == 0 ? null : new QuotePrice(held), weighted, covered, delivered ? new QuotePrice(price) : null);
    }

    private static CircuitBreakerState ReadBreaker(ref StateReader r)
    {
        var phase = (TradingPhase)r.Byte("trading phase");
        var ends = r.Int64("phase end");
        var window = new (long, long)[r.Count("breaker sample count", 16)];
        for (var s = 0; s < window.Length; s++)
        {
            window[s] = (r.Int64("breaker sample time"), r.Int64("breaker sample mark"));
        }

        return new CircuitBreakerState(window, phase, ends);
    }

    private static double Double(ref StateReader r, string what) => BitConverter.Int64BitsToDouble(r.Int64(what));

    private static bool Flag(ref StateReader r, string what) =>
        r.Byte(what) switch { 0 => false, 1 => true, var b => throw new InvalidDataException($"{what} is {b}, not 0 or 1") };

    private static void Byte(ArrayBufferWriter<byte> w, byte value)
    {
        w.GetSpan(1)[0] = value;
        w.Advance(1);
    }

    private static void Int32(ArrayBufferWriter<byte> w, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(w.GetSpan(4), value);
        w.Advance(4);
    }

    private static void Int64(ArrayBufferWriter<byte> w, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(w.GetSpan(8), value);
        w.Advance(8);
    }

    private static void Int128(ArrayBufferWriter<byte> w, Int128 value)
    {
        BinaryPrimitives.WriteInt128LittleEndian(w.GetSpan(16), value);
        w.Advance(16);
    }
}
