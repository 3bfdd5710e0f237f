package io.tributary.runtime.worker;

import java.math.BigDecimal;

/**
 * The exact-decimal rule of {@code aggregate} sums, in one place for the Java side (the operand
 * a record contributes) and the Lua side (the addition in Redis, see {@link #LUA}).
 *
 * <p>A {@code sum_<field>} hash field holds a plain decimal text — {@code -?digits[.digits]}, no
 * exponent, no leading zeros, no trailing fraction zeros, {@code 0} for zero — so that
 * {@code HGET} returns the exact total, e.g. {@code 14993.83}. The script adds digit strings
 * (carry and borrow, like on paper), never binary floating point: {@code 0.1 + 0.2} is
 * {@code 0.3}. A sum may have at most {@value #MAX_INTEGER_DIGITS} digits before the decimal point
 * and at most {@value #MAX_FRACTION_DIGITS} after it; an operand or a total beyond that is an error
 * of the record (retried, then dead-lettered, nothing of it written), never rounded.
 */
final class ExactSums {
  /** Most digits before the decimal point of an operand or a sum: {@code |sum| < 10^40}. */
  static final int MAX_INTEGER_DIGITS = 40;
  /** Most digits after the decimal point of an operand or a sum: {@code 1e-40} is the finest step. */
  static final int MAX_FRACTION_DIGITS = 40;

  private ExactSums() {}

  /**
   * The operand as the script's plain decimal text ({@link BigDecimal#toPlainString()} of the
   * number without trailing zeros).
   *
   * @param number a number already within {@code RecordNumbers}' limits
   * @throws RecordFailure naming the field and the value when it has more than
   *     {@value #MAX_FRACTION_DIGITS} fraction digits or {@value #MAX_INTEGER_DIGITS} integer digits
   *     (checked before {@code toPlainString}, which would spell out {@code 1e300} in 301 digits)
   */
  static String operand(String field, BigDecimal number) {
    if (number.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = number.stripTrailingZeros();
    int fractionDigits = Math.max(0, stripped.scale());
    // precision - scale is the number of digits before the point (<= 0 for |x| < 1)
    int integerDigits = Math.max(0, stripped.precision() - stripped.scale());
    if (fractionDigits > MAX_FRACTION_DIGITS) {
      throw new RecordFailure("aggregate: field \"" + field + "\" is " + shown(stripped) + ", which has "
          + fractionDigits + " digits after the decimal point; a sum keeps at most " + MAX_FRACTION_DIGITS
          + " exactly and never rounds");
    }
    if (integerDigits > MAX_INTEGER_DIGITS) {
      throw new RecordFailure("aggregate: field \"" + field + "\" is " + shown(stripped) + ", which has "
          + integerDigits + " digits before the decimal point; a sum may have at most " + MAX_INTEGER_DIGITS);
    }
    return stripped.toPlainString();
  }

  private static String shown(BigDecimal number) {
    String text = number.toString();
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  /**
   * Lua functions of the script. {@code decimal(text)} reads a plain decimal into sign, integer
   * digits and fraction digits (both without the zeros that do not count), or nil.
   * {@code add_decimal(x, y)} returns {@code x + y} as plain decimal text with its numbers of
   * integer and fraction digits: both operands are padded to the same number of integer and
   * fraction digits, then added digit by digit when the signs agree, otherwise the smaller
   * magnitude is subtracted from the larger (string comparison of equal-length digit strings is
   * numeric comparison) and the larger one's sign is kept.
   */
  static final String LUA = String.join("\n",
      "local MAX_INTEGER_DIGITS = " + MAX_INTEGER_DIGITS,
      "local MAX_FRACTION_DIGITS = " + MAX_FRACTION_DIGITS,
      "local function decimal(text)",
      "  local neg, int, frac = string.match(text, '^(%-?)(%d+)%.(%d+)$')",
      "  if not neg then",
      "    neg, int = string.match(text, '^(%-?)(%d+)$')",
      "    frac = ''",
      "  end",
      "  if not neg then return nil end",
      "  int = string.gsub(int, '^0+', '')",
      "  frac = string.gsub(frac, '0+$', '')",
      "  return {negative = neg == '-' and (int ~= '' or frac ~= ''), int = int, frac = frac}",
      "end",
      "local function add_digits(a, b)",
      "  local out, carry = {}, 0",
      "  for i = #a, 1, -1 do",
      "    local d = string.byte(a, i) + string.byte(b, i) - 96 + carry",
      "    if d >= 10 then d = d - 10; carry = 1 else carry = 0 end",
      "    out[i] = d",
      "  end",
      "  local s = table.concat(out)",
      "  if carry == 1 then s = '1' .. s end",
      "  return s",
      "end",
      "local function sub_digits(a, b)",
      "  local out, borrow = {}, 0",
      "  for i = #a, 1, -1 do",
      "    local d = string.byte(a, i) - string.byte(b, i) - borrow",
      "    if d < 0 then d = d + 10; borrow = 1 else borrow = 0 end",
      "    out[i] = d",
      "  end",
      "  return table.concat(out)",
      "end",
      "local function add_decimal(x, y)",
      "  local fl = math.max(#x.frac, #y.frac)",
      "  local il = math.max(#x.int, #y.int)",
      "  local a = string.rep('0', il - #x.int) .. x.int .. x.frac .. string.rep('0', fl - #x.frac)",
      "  local b = string.rep('0', il - #y.int) .. y.int .. y.frac .. string.rep('0', fl - #y.frac)",
      "  local negative, digits",
      "  if x.negative == y.negative then negative = x.negative; digits = add_digits(a, b)",
      "  elseif a >= b then negative = x.negative; digits = sub_digits(a, b)",
      "  else negative = y.negative; digits = sub_digits(b, a) end",
      "  local int = string.gsub(string.sub(digits, 1, #digits - fl), '^0+', '')",
      "  local frac = string.gsub(string.sub(digits, #digits - fl + 1), '0+$', '')",
      "  if int == '' and frac == '' then return '0', 0, 0 end",
      "  local text = (negative and '-' or '') .. (int == '' and '0' or int) .. (frac == '' and '' or '.' .. frac)",
      "  return text, #int, #frac",
      "end");
}
