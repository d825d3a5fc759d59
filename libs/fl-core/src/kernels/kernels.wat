;; @module kernels/kernels.wat
;; WebAssembly SIMD (128-bit) kernels behind fl-core's hot aggregation loops.
;; Compiled by `libs/fl-core/scripts/build-kernels.js` into `kernels.wasm.ts`
;; (base64; committed so a build needs no wabt). Every pointer is a byte offset
;; into the module's own exported memory; every length is an element count.
;;
;; Bit-exactness with the plain-JS reference (`js-kernels.ts`): every float op
;; is the same IEEE-754 round-to-nearest operation JS performs on doubles (f32
;; loads are promoted to f64 before any arithmetic; wasm never contracts a·b+c
;; into an FMA), so results match the JS loops bit for bit, NaN payloads aside.
;;
;; Non-finite test: a float is NaN or ±Inf iff all its exponent bits are set,
;; (bits & EXP) == EXP. Denormals, ±0 and the extreme finite values pass.
(module
  (memory (export "memory") 1)

  ;; Index of the first NaN/±Inf among n f32 at p, or -1.
  ;; 16 floats (one cache line) per iteration, one branch; on a hit the scalar
  ;; loop below rescans that line to find the exact index.
  (func $first_nonfinite_f32 (export "first_nonfinite_f32") (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $a i32) (local $m v128)
    (local.set $m (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (local.set $a (local.get $p))
    (block $vec_done
      (loop $vec
        (br_if $vec_done (i32.ge_u (local.get $i) (local.get $end)))
        (br_if $vec_done
          (v128.any_true
            (v128.or
              (v128.or
                (i32x4.eq (v128.and (v128.load offset=0 (local.get $a)) (local.get $m)) (local.get $m))
                (i32x4.eq (v128.and (v128.load offset=16 (local.get $a)) (local.get $m)) (local.get $m)))
              (v128.or
                (i32x4.eq (v128.and (v128.load offset=32 (local.get $a)) (local.get $m)) (local.get $m))
                (i32x4.eq (v128.and (v128.load offset=48 (local.get $a)) (local.get $m)) (local.get $m))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (br $vec)))
    (block $scalar_done
      (loop $scalar
        (br_if $scalar_done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eq (i32.and (i32.load (local.get $a)) (i32.const 0x7f800000)) (i32.const 0x7f800000))
          (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $scalar)))
    (i32.const -1))

  ;; Index of the first NaN/±Inf among n f64 at p, or -1 (8 doubles per iteration).
  (func $first_nonfinite_f64 (export "first_nonfinite_f64") (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $a i32) (local $m v128)
    (local.set $m (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000))
    (local.set $end (i32.and (local.get $n) (i32.const -8)))
    (local.set $a (local.get $p))
    (block $vec_done
      (loop $vec
        (br_if $vec_done (i32.ge_u (local.get $i) (local.get $end)))
        (br_if $vec_done
          (v128.any_true
            (v128.or
              (v128.or
                (i64x2.eq (v128.and (v128.load offset=0 (local.get $a)) (local.get $m)) (local.get $m))
                (i64x2.eq (v128.and (v128.load offset=16 (local.get $a)) (local.get $m)) (local.get $m)))
              (v128.or
                (i64x2.eq (v128.and (v128.load offset=32 (local.get $a)) (local.get $m)) (local.get $m))
                (i64x2.eq (v128.and (v128.load offset=48 (local.get $a)) (local.get $m)) (local.get $m))))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (br $vec)))
    (block $scalar_done
      (loop $scalar
        (br_if $scalar_done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i64.eq (i64.and (i64.load (local.get $a)) (i64.const 0x7ff0000000000000)) (i64.const 0x7ff0000000000000))
          (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (br $scalar)))
    (i32.const -1))

  ;; s[i] += w·(x[i] − g[i]) for n elements; s f64, x and g f32. No check.
  (func $accumulate_unchecked (export "accumulate_unchecked")
    (param $s i32) (param $x i32) (param $g i32) (param $n i32) (param $w f64)
    (local $i i32) (local $end i32) (local $wv v128) (local $xv v128) (local $gv v128)
    (local.set $wv (f64x2.splat (local.get $w)))
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $vec_done
      (loop $vec
        (br_if $vec_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $xv (v128.load (local.get $x)))
        (local.set $gv (v128.load (local.get $g)))
        ;; lanes 0, 1
        (v128.store offset=0 (local.get $s)
          (f64x2.add (v128.load offset=0 (local.get $s))
            (f64x2.mul (local.get $wv)
              (f64x2.sub (f64x2.promote_low_f32x4 (local.get $xv)) (f64x2.promote_low_f32x4 (local.get $gv))))))
        ;; lanes 2, 3 (moved down to 0, 1 first)
        (v128.store offset=16 (local.get $s)
          (f64x2.add (v128.load offset=16 (local.get $s))
            (f64x2.mul (local.get $wv)
              (f64x2.sub
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $xv) (local.get $xv)))
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $gv) (local.get $gv)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $s (i32.add (local.get $s) (i32.const 32)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $vec)))
    (block $scalar_done
      (loop $scalar
        (br_if $scalar_done (i32.ge_u (local.get $i) (local.get $n)))
        (f64.store (local.get $s)
          (f64.add (f64.load (local.get $s))
            (f64.mul (local.get $w)
              (f64.sub (f64.promote_f32 (f32.load (local.get $x))) (f64.promote_f32 (f32.load (local.get $g)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $s (i32.add (local.get $s) (i32.const 8)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (br $scalar))))

  ;; Four updates in one pass over s and g: s[i] = (((s[i] + w1·(x1[i] − g[i]))
  ;; + w2·(x2[i] − g[i])) + w3·…) + w4·…, the exact sequence of four single
  ;; accumulates (bit-identical result) for about 40% of their memory traffic.
  ;; No check: callers scan each x first.
  (func (export "accumulate4_unchecked")
    (param $s i32) (param $x1 i32) (param $x2 i32) (param $x3 i32) (param $x4 i32) (param $g i32) (param $n i32)
    (param $w1 f64) (param $w2 f64) (param $w3 f64) (param $w4 f64)
    (local $i i32) (local $end i32) (local $w1v v128) (local $w2v v128) (local $w3v v128) (local $w4v v128)
    (local $gv v128) (local $glo v128) (local $ghi v128) (local $xv v128) (local $lo v128) (local $hi v128)
    (local $gs f64) (local $t f64)
    (local.set $w1v (f64x2.splat (local.get $w1)))
    (local.set $w2v (f64x2.splat (local.get $w2)))
    (local.set $w3v (f64x2.splat (local.get $w3)))
    (local.set $w4v (f64x2.splat (local.get $w4)))
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $vec_done
      (loop $vec
        (br_if $vec_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        (local.set $glo (f64x2.promote_low_f32x4 (local.get $gv)))
        (local.set $ghi (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $gv) (local.get $gv))))
        (local.set $lo (v128.load offset=0 (local.get $s)))
        (local.set $hi (v128.load offset=16 (local.get $s)))
        (local.set $xv (v128.load (local.get $x1)))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $w1v) (f64x2.sub (f64x2.promote_low_f32x4 (local.get $xv)) (local.get $glo)))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $w1v) (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $xv) (local.get $xv))) (local.get $ghi)))))
        (local.set $xv (v128.load (local.get $x2)))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $w2v) (f64x2.sub (f64x2.promote_low_f32x4 (local.get $xv)) (local.get $glo)))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $w2v) (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $xv) (local.get $xv))) (local.get $ghi)))))
        (local.set $xv (v128.load (local.get $x3)))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $w3v) (f64x2.sub (f64x2.promote_low_f32x4 (local.get $xv)) (local.get $glo)))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $w3v) (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $xv) (local.get $xv))) (local.get $ghi)))))
        (local.set $xv (v128.load (local.get $x4)))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $w4v) (f64x2.sub (f64x2.promote_low_f32x4 (local.get $xv)) (local.get $glo)))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $w4v) (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $xv) (local.get $xv))) (local.get $ghi)))))
        (v128.store offset=0 (local.get $s) (local.get $lo))
        (v128.store offset=16 (local.get $s) (local.get $hi))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $s (i32.add (local.get $s) (i32.const 32)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $x1 (i32.add (local.get $x1) (i32.const 16)))
        (local.set $x2 (i32.add (local.get $x2) (i32.const 16)))
        (local.set $x3 (i32.add (local.get $x3) (i32.const 16)))
        (local.set $x4 (i32.add (local.get $x4) (i32.const 16)))
        (br $vec)))
    (block $scalar_done
      (loop $scalar
        (br_if $scalar_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $gs (f64.promote_f32 (f32.load (local.get $g))))
        (local.set $t (f64.load (local.get $s)))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $w1) (f64.sub (f64.promote_f32 (f32.load (local.get $x1))) (local.get $gs)))))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $w2) (f64.sub (f64.promote_f32 (f32.load (local.get $x2))) (local.get $gs)))))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $w3) (f64.sub (f64.promote_f32 (f32.load (local.get $x3))) (local.get $gs)))))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $w4) (f64.sub (f64.promote_f32 (f32.load (local.get $x4))) (local.get $gs)))))
        (f64.store (local.get $s) (local.get $t))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $s (i32.add (local.get $s) (i32.const 8)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $x1 (i32.add (local.get $x1) (i32.const 4)))
        (local.set $x2 (i32.add (local.get $x2) (i32.const 4)))
        (local.set $x3 (i32.add (local.get $x3) (i32.const 4)))
        (local.set $x4 (i32.add (local.get $x4) (i32.const 4)))
        (br $scalar))))

  ;; Σ d[i]² for d[i] = f32(x[i] − g[i]) (the update Δ = x − g rounded to f32,
  ;; as a Float32Array holds it), in f64: NaN or +Inf when some d[i] is not
  ;; finite (NaN/Inf in x, or x − g overflowing f32). Four f64 lanes
  ;; a0..a3 take elements 4j..4j+3; the result is ((a0 + a1) + (a2 + a3)) plus
  ;; the tail in order (js-kernels `sumSqDeltaJs` does the same, bit for bit).
  (func (export "sum_sq_delta_f32") (param $x i32) (param $g i32) (param $n i32) (result f64)
    (local $i i32) (local $end i32) (local $lo v128) (local $hi v128) (local $dv v128) (local $d f64) (local $t f64)
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $vec_done
      (loop $vec
        (br_if $vec_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $dv (f32x4.sub (v128.load (local.get $x)) (v128.load (local.get $g))))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $dv)) (f64x2.promote_low_f32x4 (local.get $dv)))))
        (local.set $dv (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $dv) (local.get $dv)))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $dv)) (f64x2.promote_low_f32x4 (local.get $dv)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $vec)))
    (local.set $t
      (f64.add
        (f64.add (f64x2.extract_lane 0 (local.get $lo)) (f64x2.extract_lane 1 (local.get $lo)))
        (f64.add (f64x2.extract_lane 0 (local.get $hi)) (f64x2.extract_lane 1 (local.get $hi)))))
    (block $scalar_done
      (loop $scalar
        (br_if $scalar_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $d (f64.promote_f32 (f32.sub (f32.load (local.get $x)) (f32.load (local.get $g)))))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $d) (local.get $d))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (br $scalar)))
    (local.get $t))

  ;; Four bounded updates in one pass over s and g: for k = 1..4 in order,
  ;; s[i] += w_k·f32(f32(x_k[i] − g[i])·c_k), the arithmetic of keeping
  ;; Δ_k = x_k − g in a Float32Array, scaling it there by the clip factor c_k
  ;; (1 leaves it as it is) and adding w_k·Δ_k to a Float64 sum (f32.sub is
  ;; the correctly rounded difference, as JS's double subtraction rounded to
  ;; f32 is). Same per-element sequence of additions as four single updates,
  ;; so the same bits. No check: callers scan each x first.
  (func (export "clip_accumulate4_unchecked")
    (param $s i32) (param $x1 i32) (param $x2 i32) (param $x3 i32) (param $x4 i32) (param $g i32) (param $n i32)
    (param $w1 f64) (param $w2 f64) (param $w3 f64) (param $w4 f64)
    (param $c1 f64) (param $c2 f64) (param $c3 f64) (param $c4 f64)
    (local $i i32) (local $end i32)
    (local $w1v v128) (local $w2v v128) (local $w3v v128) (local $w4v v128)
    (local $c1v v128) (local $c2v v128) (local $c3v v128) (local $c4v v128)
    (local $gv v128) (local $dv v128) (local $lo v128) (local $hi v128)
    (local $gs f32) (local $t f64)
    (local.set $w1v (f64x2.splat (local.get $w1)))
    (local.set $w2v (f64x2.splat (local.get $w2)))
    (local.set $w3v (f64x2.splat (local.get $w3)))
    (local.set $w4v (f64x2.splat (local.get $w4)))
    (local.set $c1v (f64x2.splat (local.get $c1)))
    (local.set $c2v (f64x2.splat (local.get $c2)))
    (local.set $c3v (f64x2.splat (local.get $c3)))
    (local.set $c4v (f64x2.splat (local.get $c4)))
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $vec_done
      (loop $vec
        (br_if $vec_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        (local.set $lo (v128.load offset=0 (local.get $s)))
        (local.set $hi (v128.load offset=16 (local.get $s)))
        (local.set $dv (f32x4.sub (v128.load (local.get $x1)) (local.get $gv)))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $w1v)
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $dv)) (local.get $c1v)))))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $w1v)
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $dv) (local.get $dv))) (local.get $c1v)))))))
        (local.set $dv (f32x4.sub (v128.load (local.get $x2)) (local.get $gv)))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $w2v)
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $dv)) (local.get $c2v)))))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $w2v)
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $dv) (local.get $dv))) (local.get $c2v)))))))
        (local.set $dv (f32x4.sub (v128.load (local.get $x3)) (local.get $gv)))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $w3v)
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $dv)) (local.get $c3v)))))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $w3v)
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $dv) (local.get $dv))) (local.get $c3v)))))))
        (local.set $dv (f32x4.sub (v128.load (local.get $x4)) (local.get $gv)))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $w4v)
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $dv)) (local.get $c4v)))))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $w4v)
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $dv) (local.get $dv))) (local.get $c4v)))))))
        (v128.store offset=0 (local.get $s) (local.get $lo))
        (v128.store offset=16 (local.get $s) (local.get $hi))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $s (i32.add (local.get $s) (i32.const 32)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $x1 (i32.add (local.get $x1) (i32.const 16)))
        (local.set $x2 (i32.add (local.get $x2) (i32.const 16)))
        (local.set $x3 (i32.add (local.get $x3) (i32.const 16)))
        (local.set $x4 (i32.add (local.get $x4) (i32.const 16)))
        (br $vec)))
    (block $scalar_done
      (loop $scalar
        (br_if $scalar_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $gs (f32.load (local.get $g)))
        (local.set $t (f64.load (local.get $s)))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $w1)
          (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.sub (f32.load (local.get $x1)) (local.get $gs))) (local.get $c1)))))))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $w2)
          (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.sub (f32.load (local.get $x2)) (local.get $gs))) (local.get $c2)))))))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $w3)
          (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.sub (f32.load (local.get $x3)) (local.get $gs))) (local.get $c3)))))))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $w4)
          (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.sub (f32.load (local.get $x4)) (local.get $gs))) (local.get $c4)))))))
        (f64.store (local.get $s) (local.get $t))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $s (i32.add (local.get $s) (i32.const 8)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $x1 (i32.add (local.get $x1) (i32.const 4)))
        (local.set $x2 (i32.add (local.get $x2) (i32.const 4)))
        (local.set $x3 (i32.add (local.get $x3) (i32.const 4)))
        (local.set $x4 (i32.add (local.get $x4) (i32.const 4)))
        (br $scalar))))

  ;; One bounded update: s[i] += w·f32(f32(x[i] − g[i])·c), as above. No check.
  (func (export "clip_accumulate_unchecked")
    (param $s i32) (param $x i32) (param $g i32) (param $n i32) (param $w f64) (param $c f64)
    (local $i i32) (local $end i32) (local $w1v v128) (local $c1v v128) (local $dv v128) (local $lo v128) (local $hi v128)
    (local $gv v128) (local $x1 i32) (local $gs f32) (local $t f64) (local $w1 f64) (local $c1 f64)
    (local.set $x1 (local.get $x))
    (local.set $w1 (local.get $w))
    (local.set $c1 (local.get $c))
    (local.set $w1v (f64x2.splat (local.get $w)))
    (local.set $c1v (f64x2.splat (local.get $c)))
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $vec_done
      (loop $vec
        (br_if $vec_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        (local.set $lo (v128.load offset=0 (local.get $s)))
        (local.set $hi (v128.load offset=16 (local.get $s)))
        (local.set $dv (f32x4.sub (v128.load (local.get $x1)) (local.get $gv)))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $w1v)
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $dv)) (local.get $c1v)))))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $w1v)
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $dv) (local.get $dv))) (local.get $c1v)))))))
        (v128.store offset=0 (local.get $s) (local.get $lo))
        (v128.store offset=16 (local.get $s) (local.get $hi))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $s (i32.add (local.get $s) (i32.const 32)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $x1 (i32.add (local.get $x1) (i32.const 16)))
        (br $vec)))
    (block $scalar_done
      (loop $scalar
        (br_if $scalar_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $gs (f32.load (local.get $g)))
        (local.set $t (f64.load (local.get $s)))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $w1)
          (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.sub (f32.load (local.get $x1)) (local.get $gs))) (local.get $c1)))))))
        (f64.store (local.get $s) (local.get $t))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $s (i32.add (local.get $s) (i32.const 8)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $x1 (i32.add (local.get $x1) (i32.const 4)))
        (br $scalar))))

  ;; Checked accumulate: returns the index of the first NaN/±Inf in x and then
  ;; leaves s untouched, else folds x in and returns -1. Two SIMD passes (scan,
  ;; then accumulate): a one-pass version could not undo a partial sum exactly.
  (func (export "accumulate")
    (param $s i32) (param $x i32) (param $g i32) (param $n i32) (param $w f64) (result i32)
    (local $bad i32)
    (local.set $bad (call $first_nonfinite_f32 (local.get $x) (local.get $n)))
    (if (i32.ge_s (local.get $bad) (i32.const 0)) (then (return (local.get $bad))))
    (call $accumulate_unchecked (local.get $s) (local.get $x) (local.get $g) (local.get $n) (local.get $w))
    (i32.const -1))

  ;; dst[i] = src[i] / d (f64, in place allowed); returns the first non-finite
  ;; index of dst or -1. The exponent test is OR-ed into a mask alongside the
  ;; division, so it costs no second pass unless something is bad.
  (func (export "div_f64") (param $dst i32) (param $src i32) (param $n i32) (param $d f64) (result i32)
    (local $i i32) (local $end i32) (local $dv v128) (local $m v128) (local $bad v128) (local $v v128)
    (local $a i32) (local $b i32)
    (local.set $dv (f64x2.splat (local.get $d)))
    (local.set $m (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000))
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (local.set $a (local.get $dst))
    (local.set $b (local.get $src))
    (block $vec_done
      (loop $vec
        (br_if $vec_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (f64x2.div (v128.load (local.get $b)) (local.get $dv)))
        (v128.store (local.get $a) (local.get $v))
        (local.set $bad (v128.or (local.get $bad) (i64x2.eq (v128.and (local.get $v) (local.get $m)) (local.get $m))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $vec)))
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then (f64.store (local.get $a) (f64.div (f64.load (local.get $b)) (local.get $d)))))
    (call $first_nonfinite_f64_if (local.get $bad) (local.get $dst) (local.get $n) (local.get $end)))

  ;; dst[i] = f32(g[i] + scale·delta[i]); dst, g f32, delta f64. Returns the
  ;; first non-finite index of dst (overflow to ±Inf included) or -1.
  (func (export "apply_f32")
    (param $dst i32) (param $g i32) (param $delta i32) (param $n i32) (param $scale f64) (result i32)
    (local $i i32) (local $end i32) (local $sv v128) (local $m v128) (local $bad v128) (local $gv v128) (local $v v128)
    (local $a i32) (local $b i32) (local $c i32)
    (local.set $sv (f64x2.splat (local.get $scale)))
    (local.set $m (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (local.set $a (local.get $dst))
    (local.set $b (local.get $g))
    (local.set $c (local.get $delta))
    (block $vec_done
      (loop $vec
        (br_if $vec_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gv (v128.load (local.get $b)))
        (local.set $v
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero
              (f64x2.add (f64x2.promote_low_f32x4 (local.get $gv))
                (f64x2.mul (local.get $sv) (v128.load offset=0 (local.get $c)))))
            (f32x4.demote_f64x2_zero
              (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $gv) (local.get $gv)))
                (f64x2.mul (local.get $sv) (v128.load offset=16 (local.get $c)))))))
        (v128.store (local.get $a) (local.get $v))
        (local.set $bad (v128.or (local.get $bad) (i32x4.eq (v128.and (local.get $v) (local.get $m)) (local.get $m))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (br $vec)))
    (block $scalar_done
      (loop $scalar
        (br_if $scalar_done (i32.ge_u (local.get $i) (local.get $n)))
        (f32.store (local.get $a)
          (f32.demote_f64
            (f64.add (f64.promote_f32 (f32.load (local.get $b))) (f64.mul (local.get $scale) (f64.load (local.get $c))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (br $scalar)))
    (call $first_nonfinite_f32_if (local.get $bad) (local.get $dst) (local.get $n) (local.get $end)))

  ;; Helpers for div_f64 / apply_f32: when the vector mask saw a bad lane,
  ;; rescan all of dst for the first index; otherwise only the scalar tail
  ;; (elements end…n−1) needs a look.
  (func $first_nonfinite_f32_if (param $bad v128) (param $dst i32) (param $n i32) (param $end i32) (result i32)
    (local $j i32)
    (if (v128.any_true (local.get $bad))
      (then (return (call $first_nonfinite_f32 (local.get $dst) (local.get $n)))))
    (local.set $j
      (call $first_nonfinite_f32 (i32.add (local.get $dst) (i32.shl (local.get $end) (i32.const 2))) (i32.sub (local.get $n) (local.get $end))))
    (if (result i32) (i32.ge_s (local.get $j) (i32.const 0))
      (then (i32.add (local.get $j) (local.get $end)))
      (else (i32.const -1))))

  (func $first_nonfinite_f64_if (param $bad v128) (param $dst i32) (param $n i32) (param $end i32) (result i32)
    (local $j i32)
    (if (v128.any_true (local.get $bad))
      (then (return (call $first_nonfinite_f64 (local.get $dst) (local.get $n)))))
    (local.set $j
      (call $first_nonfinite_f64 (i32.add (local.get $dst) (i32.shl (local.get $end) (i32.const 3))) (i32.sub (local.get $n) (local.get $end))))
    (if (result i32) (i32.ge_s (local.get $j) (i32.const 0))
      (then (i32.add (local.get $j) (local.get $end)))
      (else (i32.const -1))))
)
