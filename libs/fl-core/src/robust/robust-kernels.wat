;; @module robust/robust-kernels.wat
;; WebAssembly SIMD (128-bit) kernels behind the robust aggregation rules
;; (robust/wasm-robust.ts). Compiled by `libs/fl-core/scripts/build-kernels.js`
;; into `robust-kernels.wasm.ts` (base64, committed). Pointers are byte offsets
;; into the module's own exported memory.
(module
  (memory (export "memory") 1)

  ;; Sorts `groups` groups of 4 coordinates, each a column of n rows laid out
  ;; as n consecutive f32x4 vectors (lane = coordinate), `stride` = n·16 bytes
  ;; apart, by applying a sorting network to all four lanes at once: `npairs`
  ;; compare-exchanges (i32 byte offsets oi < oj, 8 bytes per pair at `pairs`),
  ;; min to oi, max to oj. Branch-free; values must not be NaN.
  (func (export "sort_columns") (param $p i32) (param $groups i32) (param $stride i32) (param $pairs i32) (param $npairs i32)
    (local $g i32) (local $base i32) (local $q i32) (local $end i32) (local $ai i32) (local $aj i32) (local $a v128) (local $b v128)
    (local.set $end (i32.add (local.get $pairs) (i32.shl (local.get $npairs) (i32.const 3))))
    (local.set $base (local.get $p))
    (block $groups_done
      (loop $group
        (br_if $groups_done (i32.ge_u (local.get $g) (local.get $groups)))
        (local.set $q (local.get $pairs))
        (block $pairs_done
          (loop $pair
            (br_if $pairs_done (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $ai (i32.add (local.get $base) (i32.load (local.get $q))))
            (local.set $aj (i32.add (local.get $base) (i32.load offset=4 (local.get $q))))
            (local.set $a (v128.load (local.get $ai)))
            (local.set $b (v128.load (local.get $aj)))
            (v128.store (local.get $ai) (f32x4.pmin (local.get $a) (local.get $b)))
            (v128.store (local.get $aj) (f32x4.pmax (local.get $a) (local.get $b)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $pair)))
        (local.set $base (i32.add (local.get $base) (local.get $stride)))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $group))))

  ;; For n rows of `len` f32 each (row i at base + i·len·4; len a multiple of 8),
  ;; adds Σ_c (row_i[c] − row_j[c])² to the f64 out[i·n + j] for every i < j.
  ;; Differences are squared and summed in f32 within the block (two f32x4
  ;; accumulators), then added to out in f64: never negative, exactly 0 for
  ;; identical rows.
  (func (export "pair_sq_dists") (param $base i32) (param $n i32) (param $len i32) (param $out i32)
    (local $i i32) (local $j i32) (local $ai i32) (local $aj i32) (local $c i32) (local $bytes i32)
    (local $d0 v128) (local $d1 v128) (local $s0 v128) (local $s1 v128) (local $o i32)
    (local.set $bytes (i32.shl (local.get $len) (i32.const 2)))
    (block $i_done
      (loop $i_loop
        (br_if $i_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.add (local.get $i) (i32.const 1)))
        (block $j_done
          (loop $j_loop
            (br_if $j_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $ai (i32.add (local.get $base) (i32.mul (local.get $i) (local.get $bytes))))
            (local.set $aj (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $bytes))))
            (local.set $s0 (v128.const i32x4 0 0 0 0))
            (local.set $s1 (v128.const i32x4 0 0 0 0))
            (local.set $c (i32.const 0))
            (block $c_done
              (loop $c_loop
                (br_if $c_done (i32.ge_u (local.get $c) (local.get $bytes)))
                (local.set $d0 (f32x4.sub (v128.load (local.get $ai)) (v128.load (local.get $aj))))
                (local.set $d1 (f32x4.sub (v128.load offset=16 (local.get $ai)) (v128.load offset=16 (local.get $aj))))
                (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $d0) (local.get $d0))))
                (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $d1) (local.get $d1))))
                (local.set $ai (i32.add (local.get $ai) (i32.const 32)))
                (local.set $aj (i32.add (local.get $aj) (i32.const 32)))
                (local.set $c (i32.add (local.get $c) (i32.const 32)))
                (br $c_loop)))
            (local.set $s0 (f32x4.add (local.get $s0) (local.get $s1)))
            (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))))
            (f64.store (local.get $o)
              (f64.add (f64.load (local.get $o))
                (f64.add
                  (f64.add (f64.promote_f32 (f32x4.extract_lane 0 (local.get $s0))) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $s0))))
                  (f64.add (f64.promote_f32 (f32x4.extract_lane 2 (local.get $s0))) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $s0)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j_loop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $i_loop))))
)
