/* askmali._kernels: the loops a question spends most of its time in, compiled (askmali.kernels
 * says when they are used; every caller keeps a Python or numpy path that gives the same
 * results when this module is not built).
 *
 * bm25 and weighted add the weighted postings of a question's terms into a float64 score
 * vector, posting after posting in the order given, with the arithmetic of the numpy code they
 * replace: the scores are bit for bit the same. bm25_top sums the same BM25 weights, but only
 * for the documents the postings touch, and returns the best of them (a BM25-only search). osa gives the edit distances that typo
 * correction (askmali.spelling) computes in Python. Built by setup.py as an optional extension; no numpy headers, only the
 * buffer protocol. Compile without -ffast-math and with -ffp-contract=off (no fused
 * multiply-add), or the sums would differ in their last bits.
 *
 *   bm25(out, doc_ids, tf, starts, ends, idf, qw, norm, k1p1, offset[, lengths])
 *       out[d + offset] += f64(f32(tf * idf[i] * k1p1 / (tf + norm[d + offset]))) * qw[i]
 *       (with lengths, uint16 per document: norm[lengths[d + offset]], a table by length)
 *   bm25_top(scratch, extra, touched, doc_ids, tf, starts, ends, idf, qw, norm, k1p1, n_base,
 *            derived_weight, allowed, rows_out, scores_out[, lengths]) -> count (see the function)
 *   weighted(out, doc_ids, values, starts, ends, qw, offset)
 *       out[d + offset] += f64(values) * qw[i]
 *
 * for each term i, for each posting p in [starts[i], ends[i]) with d = doc_ids[p]; qw may be
 * None (1 for every term).
 *
 *   find(blob, offsets, terms) -> bytes
 *       one int64 per str of the list terms: its id in the sorted vocabulary, -1 when absent
 *       (see the function)
 *   osa(blob, offsets, ids, term, limit) -> bytes
 *       one byte per id: the OSA distance between term and vocabulary term ids[j] (the UTF-8
 *       bytes blob[offsets[id]:offsets[id + 1]], compared by code point), limit + 1 when over
 *       limit; 0 when it cannot tell (a term longer than 64 code points, bytes that are not
 *       UTF-8), so that the caller computes that one itself.
 *   leaves(out, X, n_features, roots, feature, threshold, left, right)
 *       the leaf each row of X reaches in each tree of a gradient-boosted forest (see the
 *       function); the caller sums the leaves' values. doc_ids are int32 or int64, tf int32 or float32, values float32 or
 * int32; out, idf, qw and norm are float64; starts and ends int64. Every index is checked:
 * a damaged index raises ValueError, never reads or writes out of bounds.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    Py_buffer view;
    int held;
} Buf;

static void release(Buf *b) {
    if (b->held) {
        PyBuffer_Release(&b->view);
        b->held = 0;
    }
}

/* kind: 'd' float64, 'q' int64, 'i' int32 or int64 ids, 'n' int32 or float32 numbers, 'f' float32,
 * 'u' uint8 or bool, 'h' uint16 */
static int get(PyObject *obj, Buf *b, char kind, int writable, const char *name) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, &b->view, flags) < 0)
        return -1;
    b->held = 1;
    const char *f = b->view.format ? b->view.format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    Py_ssize_t size = b->view.itemsize;
    int ok = 0;
    switch (kind) {
    case 'd':
        ok = *f == 'd' && size == 8;
        break;
    case 'q':
        ok = (*f == 'q' || *f == 'l') && size == 8;
        break;
    case 'i':
        ok = ((*f == 'i' || *f == 'l') && size == 4) || ((*f == 'q' || *f == 'l') && size == 8);
        break;
    case 'n':
        ok = ((*f == 'i' || *f == 'l') && size == 4) || (*f == 'f' && size == 4);
        break;
    case 'f':
        ok = *f == 'f' && size == 4;
        break;
    case 'u':
        ok = (*f == 'B' || *f == '?') && size == 1;
        break;
    case 'h':
        ok = *f == 'H' && size == 2;
        break;
    }
    if (!ok || b->view.ndim > 1) {
        PyErr_Format(PyExc_TypeError, "%s: unexpected array type (format %s, item size %zd)", name, f, size);
        release(b);
        return -1;
    }
    return 0;
}

static Py_ssize_t len_of(Buf *b) { return b->view.len / b->view.itemsize; }

static inline int64_t doc_at(const Buf *b, Py_ssize_t p) {
    return b->view.itemsize == 4 ? (int64_t)((const int32_t *)b->view.buf)[p] : ((const int64_t *)b->view.buf)[p];
}

static inline double number_at(const Buf *b, int is_float, Py_ssize_t p) {
    return is_float ? (double)((const float *)b->view.buf)[p] : (double)((const int32_t *)b->view.buf)[p];
}

/* the arguments both kernels share, checked */
typedef struct {
    Buf out, docs, nums, starts, ends, qw;
    Py_ssize_t n, n_postings, m;
    int64_t offset;
    int nums_float, has_qw;
} Common;

static void release_common(Common *c) {
    release(&c->out);
    release(&c->docs);
    release(&c->nums);
    release(&c->starts);
    release(&c->ends);
    release(&c->qw);
}

static int check_common(Common *c, PyObject *out, PyObject *docs, PyObject *nums, PyObject *starts, PyObject *ends,
                        PyObject *qw, long long offset) {
    memset(c, 0, sizeof(*c));
    if (get(out, &c->out, 'd', 1, "out") < 0 || get(docs, &c->docs, 'i', 0, "doc_ids") < 0 ||
        get(nums, &c->nums, 'n', 0, "values") < 0 || get(starts, &c->starts, 'q', 0, "starts") < 0 ||
        get(ends, &c->ends, 'q', 0, "ends") < 0)
        return -1;
    c->n = len_of(&c->out);
    c->n_postings = len_of(&c->docs);
    c->m = len_of(&c->starts);
    c->offset = offset;
    c->nums_float = c->nums.view.format && strchr(c->nums.view.format, 'f') != NULL;
    if (len_of(&c->nums) != c->n_postings || len_of(&c->ends) != c->m) {
        PyErr_SetString(PyExc_ValueError, "postings: arrays of different lengths");
        return -1;
    }
    if (qw != Py_None) {
        if (get(qw, &c->qw, 'd', 0, "qw") < 0)
            return -1;
        if (len_of(&c->qw) != c->m) {
            PyErr_SetString(PyExc_ValueError, "qw: one weight per term expected");
            return -1;
        }
        c->has_qw = 1;
    }
    const int64_t *s = c->starts.view.buf, *e = c->ends.view.buf;
    for (Py_ssize_t i = 0; i < c->m; i++) {
        if (s[i] < 0 || e[i] < s[i] || e[i] > c->n_postings) {
            PyErr_SetString(PyExc_ValueError, "postings: a term's range is outside its arrays");
            return -1;
        }
    }
    return 0;
}

/* a loop's result: None, or the error of a document id outside the score vector (bad 1) or of
 * a document length outside the table of norms (bad 2) */
static PyObject *finished(int bad) {
    if (bad) {
        PyErr_SetString(PyExc_ValueError, bad == 2 ? "postings: a document length is outside the norms"
                                                   : "postings: a document id is outside the score vector");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *bm25(PyObject *self, PyObject *args) {
    PyObject *out, *docs, *tf, *starts, *ends, *idf_obj, *qw, *norm_obj, *lengths_obj = Py_None;
    double k1p1;
    long long offset;
    if (!PyArg_ParseTuple(args, "OOOOOOOOdL|O", &out, &docs, &tf, &starts, &ends, &idf_obj, &qw, &norm_obj, &k1p1,
                          &offset, &lengths_obj))
        return NULL;
    Common c;
    Buf idf = {0}, norm = {0}, lengths = {0};
    PyObject *result = NULL;
    if (check_common(&c, out, docs, tf, starts, ends, qw, offset) < 0 || get(idf_obj, &idf, 'd', 0, "idf") < 0 ||
        get(norm_obj, &norm, 'd', 0, "norm") < 0)
        goto done;
    if (lengths_obj != Py_None && get(lengths_obj, &lengths, 'h', 0, "lengths") < 0)
        goto done;
    if (len_of(&idf) != c.m) {
        PyErr_SetString(PyExc_ValueError, "idf: one value per term expected");
        goto done;
    }
    /* norms per document, or (with lengths) per document length: norm[lengths[d]] */
    const Py_ssize_t per_doc = lengths.held ? len_of(&lengths) : len_of(&norm), n_norms = len_of(&norm);
    Py_ssize_t limit = c.n < per_doc ? c.n : per_doc;
    {
        double *acc = c.out.view.buf;
        const double *id = idf.view.buf, *nm = norm.view.buf, *q = c.has_qw ? c.qw.view.buf : NULL;
        const uint16_t *lens = lengths.held ? lengths.view.buf : NULL;
        const int64_t *s = c.starts.view.buf, *e = c.ends.view.buf;
        int bad = 0;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < c.m && !bad; i++) {
            const double term_idf = id[i], weight = q ? q[i] : 1.0;
            for (Py_ssize_t p = s[i]; p < e[i]; p++) {
                int64_t d = doc_at(&c.docs, p) + c.offset;
                if (d < 0 || d >= limit) {
                    bad = 1;
                    break;
                }
                double t = number_at(&c.nums, c.nums_float, p);
                Py_ssize_t at = d;
                if (lens && (at = lens[d]) >= n_norms) {
                    bad = 2;
                    break;
                }
                double denominator = t + nm[at];
                double w = t * term_idf;
                w *= k1p1;
                w /= denominator;
                w = (double)(float)w;
                if (q)
                    w *= weight;
                acc[d] += w;
            }
        }
        Py_END_ALLOW_THREADS
        result = finished(bad);
    }
done:
    release_common(&c);
    release(&idf);
    release(&norm);
    release(&lengths);
    return result;
}

static PyObject *weighted(PyObject *self, PyObject *args) {
    PyObject *out, *docs, *values, *starts, *ends, *qw;
    long long offset;
    if (!PyArg_ParseTuple(args, "OOOOOOL", &out, &docs, &values, &starts, &ends, &qw, &offset))
        return NULL;
    Common c;
    PyObject *result = NULL;
    if (check_common(&c, out, docs, values, starts, ends, qw, offset) < 0)
        goto done;
    {
        double *acc = c.out.view.buf;
        const double *q = c.has_qw ? c.qw.view.buf : NULL;
        const int64_t *s = c.starts.view.buf, *e = c.ends.view.buf;
        int bad = 0;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < c.m && !bad; i++) {
            const double weight = q ? q[i] : 1.0;
            for (Py_ssize_t p = s[i]; p < e[i]; p++) {
                int64_t d = doc_at(&c.docs, p) + c.offset;
                if (d < 0 || d >= c.n) {
                    bad = 1;
                    break;
                }
                double v = number_at(&c.nums, c.nums_float, p);
                acc[d] += q ? v * weight : v;
            }
        }
        Py_END_ALLOW_THREADS
        result = finished(bad);
    }
done:
    release_common(&c);
    return result;
}


/* a kept hit of bm25_top: worse when lower, or equal and of a higher row */
typedef struct {
    float score;
    int64_t row;
} Kept;

static inline int worse(const Kept *a, const Kept *b) {
    return a->score < b->score || (a->score == b->score && a->row > b->row);
}

/* restore the heap (the worst kept hit at its root) below position i */
static void sift_down(Kept *h, Py_ssize_t size, Py_ssize_t i) {
    for (;;) {
        Py_ssize_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < size && worse(&h[l], &h[w]))
            w = l;
        if (r < size && worse(&h[r], &h[w]))
            w = r;
        if (w == i)
            return;
        Kept t = h[i];
        h[i] = h[w];
        h[w] = t;
        i = w;
    }
}

/* the postings of terms [from, to) into acc, as bm25 adds them. A document is listed at its first
 * posting with a term frequency other than 0, which is when acc[d] (and also[d], unless also is
 * NULL) is still 0. That test is branch-free: the list is written at each posting and grows only
 * for a new document, so it must have room for one more than the documents. (It reads tf, not the
 * weight: a test on the weight waits for its division and cost a fifth of the loop's time.) With
 * a frequency above 0, an idf and a question weight above 0, a BM25 weight is above 0, a sum never
 * falls back to 0 and a document is listed once. Other weights (a damaged index) could list one
 * twice: the count stops at n, so the list is never overrun, and the second visit finds its sums
 * reset to 0, a score bm25_top does not keep. DOC and NUM are the types of doc_ids and tf; NORM
 * declares the posting's denominator (BY_DOCUMENT, BY_LENGTH below).
 * Returns the new count, or -1 for a document id outside [0, n) or a length outside the table. */
#define TOUCH(NAME, DOC, NUM, NORM)                                                                                    \
    static Py_ssize_t NAME(const Common *c, double *acc, const double *also, int64_t *listed, Py_ssize_t count,         \
                           Py_ssize_t from, Py_ssize_t to, const double *id, const double *nm, double k1p1,             \
                           const uint16_t *lens, Py_ssize_t n_norms) {                                                  \
        const int64_t *s = c->starts.view.buf, *e = c->ends.view.buf;                                                \
        const double *q = c->has_qw ? c->qw.view.buf : NULL;                                                         \
        const DOC *docs = c->docs.view.buf;                                                                          \
        const NUM *nums = c->nums.view.buf;                                                                          \
        const Py_ssize_t n = c->n;                                                                                   \
        for (Py_ssize_t i = from; i < to; i++) {                                                                     \
            const double term_idf = id[i], weight = q ? q[i] : 1.0;                                                  \
            for (Py_ssize_t p = s[i]; p < e[i]; p++) {                                                               \
                int64_t d = (int64_t)docs[p];                                                                        \
                if (d < 0 || d >= n)                                                                                \
                    return -1;                                                                                       \
                double t = (double)nums[p];                                                                          \
                NORM;                                                                                                \
                double w = t * term_idf;                                                                             \
                w *= k1p1;                                                                                           \
                w /= denominator;                                                                                    \
                w = (double)(float)w;                                                                                \
                if (q)                                                                                               \
                    w *= weight;                                                                                     \
                int fresh = (acc[d] == 0.0) & (t != 0.0) & (count < n);                                              \
                if (also)                                                                                            \
                    fresh &= also[d] == 0.0;                                                                         \
                listed[count] = d;                                                                                   \
                count += fresh;                                                                                      \
                acc[d] += w;                                                                                         \
            }                                                                                                        \
        }                                                                                                            \
        return count;                                                                                                \
    }

/* a document's length normalisation: its own entry of nm, or the entry of its length (lens[d]) in
 * a table of them (nm, n_norms long), which stays in the L1 cache where an entry per document does
 * not (the table is made by the same expression per length: the same values) */
#define BY_DOCUMENT double denominator = t + nm[d]
#define BY_LENGTH                                                                                                     \
    const Py_ssize_t l = lens[d];                                                                                    \
    if (l >= n_norms)                                                                                                \
        return -1;                                                                                                   \
    double denominator = t + nm[l]

TOUCH(touch_ii, int32_t, int32_t, BY_DOCUMENT)
TOUCH(touch_if, int32_t, float, BY_DOCUMENT)
TOUCH(touch_li, int64_t, int32_t, BY_DOCUMENT)
TOUCH(touch_lf, int64_t, float, BY_DOCUMENT)
TOUCH(touch_ii_l, int32_t, int32_t, BY_LENGTH)
TOUCH(touch_if_l, int32_t, float, BY_LENGTH)
TOUCH(touch_li_l, int64_t, int32_t, BY_LENGTH)
TOUCH(touch_lf_l, int64_t, float, BY_LENGTH)

typedef Py_ssize_t (*Toucher)(const Common *, double *, const double *, int64_t *, Py_ssize_t, Py_ssize_t, Py_ssize_t,
                              const double *, const double *, double, const uint16_t *, Py_ssize_t);

/* bm25_top(scratch, extra, touched, doc_ids, tf, starts, ends, idf, qw, norm, k1p1, n_base,
 *          derived_weight, allowed, rows_out, scores_out[, lengths]) -> how many hits were written
 *
 * With lengths (uint16, one per document), norm is a table by length: a document's normalisation
 * is norm[lengths[d]]. Without, norm has one entry per document.
 * The best len(rows_out) documents of a question, best first and ties by lower row, with their
 * float32 scores, visiting only the documents its postings touch: a dense score vector costs
 * 100,000 zeros, a cast and a scan where a question touches ~9,000. Terms [0, n_base) are the
 * question's terms, summed into scratch as bm25 sums them; terms [n_base, m) are its derived
 * nouns, summed into extra. A document scores f32(scratch) + f32(derived_weight) * f32(extra) in
 * float32, as Engine._scores adds the nouns' scores to the terms', and is kept when that is > 0
 * and allowed[d] is not 0 (allowed may be None). scratch and extra (float64) have the score
 * vector's length and hold zeros, before and after; touched (int64) is at least one longer. */
static PyObject *bm25_top(PyObject *self, PyObject *args) {
    PyObject *scratch_obj, *extra_obj, *touched_obj, *docs, *tf, *starts, *ends, *idf_obj, *qw, *norm_obj;
    PyObject *allowed_obj, *rows_obj, *scores_obj, *lengths_obj = Py_None;
    double k1p1, derived_weight;
    Py_ssize_t n_base;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOdndOOO|O", &scratch_obj, &extra_obj, &touched_obj, &docs, &tf,
                          &starts, &ends, &idf_obj, &qw, &norm_obj, &k1p1, &n_base, &derived_weight, &allowed_obj,
                          &rows_obj, &scores_obj, &lengths_obj))
        return NULL;
    Common c;
    Buf idf = {0}, norm = {0}, extra = {0}, touched = {0}, allowed = {0}, rows = {0}, scores = {0}, lengths = {0};
    PyObject *result = NULL;
    Kept *heap = NULL;
    if (check_common(&c, scratch_obj, docs, tf, starts, ends, qw, 0) < 0 || get(idf_obj, &idf, 'd', 0, "idf") < 0 ||
        get(norm_obj, &norm, 'd', 0, "norm") < 0 || get(extra_obj, &extra, 'd', 1, "extra") < 0 ||
        get(touched_obj, &touched, 'q', 1, "touched") < 0 ||
        get(rows_obj, &rows, 'q', 1, "rows_out") < 0 || get(scores_obj, &scores, 'f', 1, "scores_out") < 0)
        goto done;
    if (allowed_obj != Py_None && get(allowed_obj, &allowed, 'u', 0, "allowed") < 0)
        goto done;
    if (lengths_obj != Py_None && get(lengths_obj, &lengths, 'h', 0, "lengths") < 0)
        goto done;
    Py_ssize_t n = c.n, k = len_of(&rows);
    if (len_of(&idf) != c.m || n_base < 0 || n_base > c.m) {
        PyErr_SetString(PyExc_ValueError, "idf: one value per term expected, and n_base of them at most");
        goto done;
    }
    if ((lengths.held ? len_of(&lengths) != n : len_of(&norm) < n) || len_of(&extra) != n || len_of(&touched) <= n ||
        (allowed.held && len_of(&allowed) != n) || len_of(&scores) != k) {
        PyErr_SetString(PyExc_ValueError, "bm25_top: arrays of the wrong length");
        goto done;
    }
    heap = PyMem_Malloc(sizeof(Kept) * (k > 0 ? k : 1));
    if (heap == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    {
        double *acc = c.out.view.buf, *more = extra.view.buf;
        const unsigned char *ok = allowed.held ? allowed.view.buf : NULL;
        int64_t *listed = touched.view.buf, *rows_out = rows.view.buf;
        float *scores_out = scores.view.buf;
        const double *id = idf.view.buf, *nm = norm.view.buf;
        const float dw = (float)derived_weight;
        Py_ssize_t count = 0, size = 0;
        const uint16_t *lens = lengths.held ? lengths.view.buf : NULL;
        const Py_ssize_t n_norms = len_of(&norm);
        Toucher touch;
        if (lens)
            touch = c.docs.view.itemsize == 4 ? (c.nums_float ? touch_if_l : touch_ii_l)
                                              : (c.nums_float ? touch_lf_l : touch_li_l);
        else
            touch = c.docs.view.itemsize == 4 ? (c.nums_float ? touch_if : touch_ii)
                                              : (c.nums_float ? touch_lf : touch_li);
        Py_BEGIN_ALLOW_THREADS
        const int derived = n_base < c.m;
        count = touch(&c, acc, NULL, listed, 0, 0, n_base, id, nm, k1p1, lens, n_norms);
        if (count >= 0 && derived)
            count = touch(&c, more, acc, listed, count, n_base, c.m, id, nm, k1p1, lens, n_norms);
        if (count >= 0) {
            for (Py_ssize_t j = 0; j < count; j++) {
                int64_t d = listed[j];
                float base = (float)acc[d];
                acc[d] = 0.0;
                if (derived) {
                    float product = dw * (float)more[d];
                    base += product;
                    more[d] = 0.0;
                }
                Kept hit = {base, d};
                if (!(hit.score > 0.0f) || (ok && !ok[d]) || k == 0)
                    continue;
                if (size < k) { /* sift the new hit up */
                    Py_ssize_t i = size++;
                    while (i > 0 && worse(&hit, &heap[(i - 1) / 2])) {
                        heap[i] = heap[(i - 1) / 2];
                        i = (i - 1) / 2;
                    }
                    heap[i] = hit;
                } else if (worse(&heap[0], &hit)) {
                    heap[0] = hit;
                    sift_down(heap, size, 0);
                }
            }
            /* the heap's worst goes last, and so on up: best first */
            for (Py_ssize_t i = size - 1; i >= 0; i--) {
                rows_out[i] = heap[0].row;
                scores_out[i] = heap[0].score;
                heap[0] = heap[i];
                sift_down(heap, i, 0);
            }
        } else { /* a damaged index: leave the scratch arrays zeroed for the next question */
            memset(acc, 0, n * sizeof(double));
            memset(more, 0, n * sizeof(double));
        }
        Py_END_ALLOW_THREADS
        if (count < 0)
            PyErr_SetString(PyExc_ValueError, "postings: a document id is outside the score vector, or its length outside the norms");
        else
            result = PyLong_FromSsize_t(size);
    }
done:
    PyMem_Free(heap);
    release_common(&c);
    release(&idf);
    release(&norm);
    release(&extra);
    release(&touched);
    release(&allowed);
    release(&rows);
    release(&scores);
    release(&lengths);
    return result;
}

/* one UTF-8 code point at *p (p < end), or -1 for bytes that are not UTF-8 */
static inline int32_t next_code_point(const unsigned char **p, const unsigned char *end) {
    const unsigned char *s = *p;
    unsigned char c = s[0];
    int n;
    int32_t cp;
    if (c < 0x80) {
        *p = s + 1;
        return c;
    } else if ((c & 0xE0) == 0xC0) {
        n = 1;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 2;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 3;
        cp = c & 0x07;
    } else {
        return -1;
    }
    if (end - s <= n)
        return -1;
    for (int k = 1; k <= n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    *p = s + n + 1;
    return cp;
}

/* Myers' bit-parallel edit distance with Hyyro's transposition term, as spelling._osa */
static PyObject *osa(PyObject *self, PyObject *args) {
    PyObject *blob_obj, *offsets_obj, *ids_obj, *term;
    int limit;
    if (!PyArg_ParseTuple(args, "OOOUi", &blob_obj, &offsets_obj, &ids_obj, &term, &limit))
        return NULL;
    Buf blob = {0}, offsets = {0}, ids = {0};
    PyObject *result = NULL;
    if (PyObject_GetBuffer(blob_obj, &blob.view, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    blob.held = 1;
    if (get(offsets_obj, &offsets, 'q', 0, "offsets") < 0 || get(ids_obj, &ids, 'q', 0, "ids") < 0)
        goto done;
    Py_ssize_t m = PyUnicode_GET_LENGTH(term), n_ids = len_of(&ids), n_terms = len_of(&offsets) - 1;
    result = PyBytes_FromStringAndSize(NULL, n_ids);
    if (result == NULL)
        goto done;
    unsigned char *out = (unsigned char *)PyBytes_AS_STRING(result);
    if (m == 0 || m > 64 || limit < 0 || limit > 250) {
        memset(out, 0, n_ids);
        goto done;
    }
    /* the pattern: each distinct code point of term with the bits of its places */
    int32_t chars[64];
    uint64_t masks[64];
    int distinct = 0;
    int kind = PyUnicode_KIND(term);
    const void *data = PyUnicode_DATA(term);
    for (Py_ssize_t i = 0; i < m; i++) {
        int32_t c = (int32_t)PyUnicode_READ(kind, data, i);
        int j = 0;
        while (j < distinct && chars[j] != c)
            j++;
        if (j == distinct) {
            chars[distinct] = c;
            masks[distinct++] = 0;
        }
        masks[j] |= (uint64_t)1 << i;
    }
    const uint64_t mask = m == 64 ? ~(uint64_t)0 : (((uint64_t)1 << m) - 1), top = (uint64_t)1 << (m - 1);
    const unsigned char *bytes = blob.view.buf;
    const int64_t *off = offsets.view.buf, *id = ids.view.buf;
    const Py_ssize_t blob_len = blob.view.len;
    for (Py_ssize_t j = 0; j < n_ids; j++) {
        int64_t t = id[j];
        if (t < 0 || t >= n_terms || off[t] < 0 || off[t] > off[t + 1] || off[t + 1] > blob_len) {
            Py_CLEAR(result);
            PyErr_SetString(PyExc_ValueError, "osa: a term id is outside the vocabulary");
            goto done;
        }
        const unsigned char *p = bytes + off[t], *end = bytes + off[t + 1];
        uint64_t vp = mask, vn = 0, d0 = 0, pm_prev = 0;
        int score = (int)m, length = 0, unknown = 0;
        while (p < end) {
            int32_t c = next_code_point(&p, end);
            if (c < 0) {
                unknown = 1;
                break;
            }
            length++;
            uint64_t pm = 0;
            for (int k = 0; k < distinct; k++)
                if (chars[k] == c) {
                    pm = masks[k];
                    break;
                }
            d0 = ((((~d0 & pm) << 1) & pm_prev) | (((pm & vp) + vp) ^ vp) | pm | vn) & mask;
            uint64_t hp = vn | (~(d0 | vp) & mask);
            uint64_t hn = d0 & vp;
            if (hp & top)
                score++;
            else if (hn & top)
                score--;
            hp = ((hp << 1) | 1) & mask;
            hn = (hn << 1) & mask;
            vp = hn | (~(d0 | hp) & mask);
            vn = hp & d0;
            pm_prev = pm;
        }
        if (unknown)
            out[j] = 0;
        else
            out[j] = (unsigned char)(score <= limit ? score : limit + 1);
        (void)length;
    }
done:
    release(&blob);
    release(&offsets);
    release(&ids);
    return result;
}

/* the sign of the bytewise comparison of vocabulary term i with (target, size); 2 when the
 * offsets of term i are outside the blob (a damaged vocabulary) */
static inline int compare_term(const unsigned char *bytes, Py_ssize_t blob_len, const int64_t *off, Py_ssize_t i,
                               const char *target, Py_ssize_t size) {
    int64_t start = off[i], end = off[i + 1];
    if (start < 0 || end < start || end > blob_len)
        return 2;
    Py_ssize_t len = (Py_ssize_t)(end - start);
    int c = memcmp(bytes + start, target, (size_t)(len < size ? len : size));
    return c != 0 ? (c > 0) - (c < 0) : (len > size) - (len < size);
}

/* find(blob, offsets, terms) -> bytes
 *
 * One int64 per term of the list terms: its id in the sorted vocabulary blob / offsets (term i
 * is blob[offsets[i]:offsets[i + 1]], the terms in bytewise order), -1 when it is absent, or -2
 * when the term is not valid UTF-8 (a lone surrogate), which the caller then looks up itself.
 * A binary search by bytes, as Vocabulary._bisect; each offset it reads is checked against the blob. */
static PyObject *find(PyObject *self, PyObject *args) {
    PyObject *blob_obj, *offsets_obj, *terms;
    if (!PyArg_ParseTuple(args, "OOO!", &blob_obj, &offsets_obj, &PyList_Type, &terms))
        return NULL;
    Buf blob = {0}, offsets = {0};
    PyObject *result = NULL;
    if (PyObject_GetBuffer(blob_obj, &blob.view, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    blob.held = 1;
    if (get(offsets_obj, &offsets, 'q', 0, "offsets") < 0)
        goto done;
    Py_ssize_t n = len_of(&offsets) - 1, m = PyList_GET_SIZE(terms);
    const int64_t *off = offsets.view.buf;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "find: no offsets");
        goto done;
    }
    result = PyBytes_FromStringAndSize(NULL, m * (Py_ssize_t)sizeof(int64_t));
    if (result == NULL)
        goto done;
    int64_t *out = (int64_t *)PyBytes_AS_STRING(result);
    const unsigned char *bytes = blob.view.buf;
    for (Py_ssize_t j = 0; j < m; j++) {
        PyObject *term = PyList_GET_ITEM(terms, j);
        if (!PyUnicode_Check(term)) {
            Py_CLEAR(result);
            PyErr_SetString(PyExc_TypeError, "find: terms must be str");
            goto done;
        }
        Py_ssize_t size;
        const char *target = PyUnicode_AsUTF8AndSize(term, &size);
        if (target == NULL) { /* not UTF-8: the caller encodes it its own way */
            PyErr_Clear();
            out[j] = -2;
            continue;
        }
        Py_ssize_t lo = 0, hi = n;
        int c = 0;
        while (lo < hi && c != 2) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            c = compare_term(bytes, blob.view.len, off, mid, target, size);
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (c != 2 && lo < n)
            c = compare_term(bytes, blob.view.len, off, lo, target, size);
        if (c == 2) {
            Py_CLEAR(result);
            PyErr_SetString(PyExc_ValueError, "find: offsets outside the vocabulary");
            goto done;
        }
        out[j] = lo < n && c == 0 ? (int64_t)lo : -1;
    }
done:
    release(&blob);
    release(&offsets);
    return result;
}

/* leaves(out, X, n_features, roots, feature, threshold, left, right)
 *
 * Gradient-boosted trees (askmali.trees): out, int64, rows x trees in C order, receives the leaf
 * each row of X (float64, rows x n_features in C order, passed flat) reaches in each tree, from
 * roots[t]: left when X[row, feature[node]] <= threshold[node] (false for NaN), right otherwise,
 * until a node whose feature is negative, a leaf. Forest.raw's numpy walk reaches the same
 * leaves, and sums their values itself, so the log-odds are the same bit for bit. Every node,
 * feature and row index is checked, and a walk longer than the number of nodes (a cycle in a
 * damaged model) stops: ValueError, never a read out of bounds. */
static PyObject *leaves(PyObject *self, PyObject *args) {
    PyObject *out_obj, *x_obj, *roots_obj, *feat_obj, *thr_obj, *left_obj, *right_obj;
    Py_ssize_t n_features;
    if (!PyArg_ParseTuple(args, "OOnOOOOO", &out_obj, &x_obj, &n_features, &roots_obj, &feat_obj, &thr_obj, &left_obj,
                          &right_obj))
        return NULL;
    Buf out = {0}, x = {0}, roots = {0}, feat = {0}, thr = {0}, left = {0}, right = {0};
    const char *error = NULL;
    int failed = get(out_obj, &out, 'q', 1, "out") < 0 || get(x_obj, &x, 'd', 0, "X") < 0 ||
                 get(roots_obj, &roots, 'q', 0, "roots") < 0 || get(feat_obj, &feat, 'q', 0, "feature") < 0 ||
                 get(thr_obj, &thr, 'd', 0, "threshold") < 0 || get(left_obj, &left, 'q', 0, "left") < 0 ||
                 get(right_obj, &right, 'q', 0, "right") < 0;
    if (failed)
        goto done;
    Py_ssize_t n_nodes = len_of(&feat), n_trees = len_of(&roots), n_x = len_of(&x);
    if (len_of(&thr) != n_nodes || len_of(&left) != n_nodes || len_of(&right) != n_nodes) {
        error = "leaves: node arrays differ in length";
        goto done;
    }
    if (n_features <= 0 || n_x % n_features != 0 || len_of(&out) != (n_x / n_features) * n_trees) {
        error = "leaves: X or out has the wrong size";
        goto done;
    }
    Py_ssize_t rows = n_x / n_features;
    const double *X = x.view.buf, *threshold = thr.view.buf;
    const int64_t *root = roots.view.buf, *feature = feat.view.buf, *lo = left.view.buf, *hi = right.view.buf;
    int64_t *leaf = out.view.buf;
    /* tree by tree, so that one tree's nodes stay in the cache while every row walks it */
    for (Py_ssize_t t = 0; t < n_trees && error == NULL; t++) {
        for (Py_ssize_t r = 0; r < rows; r++) {
            const double *row = X + r * n_features;
            int64_t node = root[t];
            Py_ssize_t steps = 0;
            for (;;) {
                if (node < 0 || node >= n_nodes || steps++ > n_nodes) {
                    error = "leaves: a node points outside the model";
                    break;
                }
                int64_t f = feature[node];
                if (f < 0)
                    break;
                if (f >= n_features) {
                    error = "leaves: a node tests a feature X does not have";
                    break;
                }
                node = row[f] <= threshold[node] ? lo[node] : hi[node];
            }
            if (error != NULL)
                break;
            leaf[r * n_trees + t] = node;
        }
    }
done:
    release(&out);
    release(&x);
    release(&roots);
    release(&feat);
    release(&thr);
    release(&left);
    release(&right);
    if (failed)
        return NULL;
    if (error != NULL) {
        PyErr_SetString(PyExc_ValueError, error);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"bm25", bm25, METH_VARARGS, "Add the BM25 weights of the postings of terms [starts, ends) into out."},
    {"bm25_top", bm25_top, METH_VARARGS, "The best documents of a question's BM25 postings, visiting only those touched."},
    {"weighted", weighted, METH_VARARGS, "Add values * qw of the postings of terms [starts, ends) into out."},
    {"find", find, METH_VARARGS, "Ids of terms in a sorted vocabulary (-1 absent, -2 not UTF-8)."},
    {"osa", osa, METH_VARARGS, "OSA distances between a term and vocabulary terms, one byte each."},
    {"leaves", leaves, METH_VARARGS, "The leaf each row reaches in each tree of a forest (askmali.trees)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels", "Compiled loops of the question path (askmali.kernels).", -1, methods};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&module); }
