// Drives ccxt's unmodified deribit classes against a local Clearline server. Only the base URLs are overridden.
// Usage: CLEARLINE_URL=http://127.0.0.1:PORT CLEARLINE_ID=... CLEARLINE_SECRET=... node ccxt-deribit.mjs
// Prints one JSON object with what each call returned; exits non-zero on the first failure.
import ccxt from 'ccxt';

const url = process.env.CLEARLINE_URL;
const config = {
    apiKey: process.env.CLEARLINE_ID,
    secret: process.env.CLEARLINE_SECRET,
    urls: { api: { rest: url, ws: url.replace('http://', 'ws://') + '/ws/api/v2' } },
};
const symbol = 'BTC/USD:BTC';
const out = {};

const rest = new ccxt.deribit(config);
const markets = await rest.loadMarkets();
out.symbols = Object.keys(markets).sort();

const book = await rest.fetchOrderBook(symbol, 5);
out.book = { bids: book.bids.length, asks: book.asks.length, bestBid: book.bids[0][0], bestAsk: book.asks[0][0] };

const ticker = await rest.fetchTicker(symbol);
out.ticker = { symbol: ticker.symbol, mark: ticker.info.mark_price, bid: ticker.bid, ask: ticker.ask };

const tickers = await rest.fetchTickers(undefined, { code: 'BTC' });
out.tickers = { symbols: Object.keys(tickers).sort(), mark: tickers[symbol]?.info.mark_price, bid: tickers[symbol]?.bid };

const balance = await rest.fetchBalance();
out.balance = { BTC: balance.total.BTC, USDC: balance.total.USDC };

const price = Math.floor(book.bids[0][0] * 0.97 / 0.5) * 0.5;
const created = await rest.createOrder(symbol, 'limit', 'buy', 50, price);
out.created = { id: created.id, status: created.status, price: created.price, amount: created.amount };

const open = await rest.fetchOpenOrders(symbol);
out.openIds = open.map(o => o.id);

const cancelled = await rest.cancelOrder(created.id, symbol);
out.cancelled = { id: cancelled.id, status: cancelled.status };
out.openAfterCancel = (await rest.fetchOpenOrders(symbol)).map(o => o.id);

const filled = await rest.createOrder(symbol, 'market', 'buy', 100);
out.filled = { id: filled.id, status: filled.status, filled: filled.filled };
// History: closed orders (the unfilled cancel is left out, as on Deribit), own trades, with and without since.
out.closedIds = (await rest.fetchClosedOrders(symbol)).map(o => o.id);
out.myTradeOrders = (await rest.fetchMyTrades(symbol, undefined, 100)).map(t => t.order);
out.myTradeOrdersSince = (await rest.fetchMyTrades(symbol, filled.timestamp - 60000, 100)).map(t => t.order);
out.tradesSince = (await rest.fetchTrades(symbol, filled.timestamp - 60000, 100)).length;
const positions = await rest.fetchPositions([symbol]);
out.positions = positions.map(p => ({ symbol: p.symbol, side: p.side, contracts: p.contracts }));

// An option: a limit buy far below its market rests, is listed and cancelled; then a market buy of 0.1 BTC against
// the demo maker's asks (waited for: it quotes three options a round) opens a position with its entry premium.
const option = out.symbols.find(s => /^BTC\/USD:BTC-[0-9]{6}-60000-C$/.test(s));
const optionOrder = await rest.createOrder(option, 'limit', 'buy', 0.1, 0.0001);
out.optionCreated = { id: optionOrder.id, status: optionOrder.status, price: optionOrder.price, amount: optionOrder.amount };
out.optionOpenIds = (await rest.fetchOpenOrders(option)).map(o => o.id);
out.optionCancelled = (await rest.cancelOrder(optionOrder.id, option)).status;
for (let tries = 0; (await rest.fetchOrderBook(option)).asks.length === 0; tries++) {
    if (tries === 200) throw new Error(`no asks in ${option}`);
    await new Promise(resolve => setTimeout(resolve, 100));
}
const optionFilled = await rest.createOrder(option, 'market', 'buy', 0.1);
out.optionFilled = { status: optionFilled.status, filled: optionFilled.filled };
out.optionPositions = (await rest.fetchPositions([option])).map(p => ({ symbol: p.symbol, side: p.side, contracts: p.contracts, entryPrice: p.entryPrice }));
out.option = option;

const pro = new ccxt.pro.deribit(config);
await pro.loadHttpProxyAgent();
const watched = await pro.watchOrderBook(symbol);
out.watched = { bids: watched.bids.length, asks: watched.asks.length };
const updated = await pro.watchOrderBook(symbol);
out.watchedAgain = { bids: updated.bids.length, asks: updated.asks.length };
await pro.close();

console.log(JSON.stringify(out));
