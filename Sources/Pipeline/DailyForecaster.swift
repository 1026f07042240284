import Analytics
import Foundation

/// Forecasts period totals from daily sales with weekly seasonality: ETS (chosen by AICc) on the
/// shop's open days with a season of one week of open days, summed into the periods.
///
/// Public holidays are known to it: in the history a holiday's (near-zero) sales are replaced by
/// the average of the same weekday in the four weeks before, so they do not distort the weekly
/// pattern; in the forecast a holiday sells nothing. Period intervals treat the daily errors as
/// independent (the sum of daily variances), which is narrower than the truth when errors are
/// autocorrelated; the backtest scores the point forecasts.
struct DailyForecaster {
  /// One calendar day of the history and the forecast horizon.
  struct Day {
    var period: Int
    var weekday: Int
    var isOpen: Bool
    var isHoliday: Bool
  }

  let days: [Day]
  /// Open weekdays per week: the seasonal period of the daily models.
  let seasonPeriod: Int

  static let name = "daily ETS (weekly season)"

  /// Additive-error forms only: daily sales have zero days (multiplicative errors cannot take them),
  /// and their analytic intervals avoid simulating thousands of paths per fit.
  static let selector = ETSModelSelector(candidates: ETSSpec.candidates.filter { $0.error == .additive })

  /// Forecasts the totals of periods `origin ..< origin + horizon` from the daily values of the
  /// periods before `origin` (`daily` is aligned with `days` and may be longer: later values are
  /// never read).
  func forecast(daily: [Double], origin: Int, horizon: Int) throws -> ForecastResult {
    var training: [Double] = []
    var recentByWeekday: [Int: [Double]] = [:]
    for (i, day) in days.enumerated() where day.period < origin && day.isOpen {
      var value = daily[i]
      if day.isHoliday {
        let recent = recentByWeekday[day.weekday] ?? []
        value = recent.isEmpty ? 0 : recent.reduce(0, +) / Double(recent.count)
      } else {
        recentByWeekday[day.weekday, default: []].append(value)
        if recentByWeekday[day.weekday]!.count > 4 { recentByWeekday[day.weekday]!.removeFirst() }
      }
      training.append(value)
    }
    let future = days.indices.filter { days[$0].isOpen && days[$0].period >= origin && days[$0].period < origin + horizon }
    guard training.count >= 2 * seasonPeriod + 2, !future.isEmpty else {
      throw ForecastError.insufficientData(needed: 2 * seasonPeriod + 2, got: training.count)
    }
    let daily = try Self.selector.select(training, seasonPeriod: seasonPeriod).model
      .forecast(horizon: future.count).clampedNonNegative()
    var point = [Double](repeating: 0, count: horizon)
    var variance = [Double](repeating: 0, count: horizon)
    for (step, index) in future.enumerated() where !days[index].isHoliday {
      let p = days[index].period - origin
      point[p] += daily.point[step]
      let sd = max(daily.upper95[step] - daily.point[step], 0) / 1.959964
      variance[p] += sd * sd
    }
    let sd = variance.map { $0.squareRoot() }
    return ForecastResult(point: point, standardDeviation: sd, z80: 1.281552, z95: 1.959964).clampedNonNegative()
  }
}
