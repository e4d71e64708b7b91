#!/usr/bin/python3
"""Summarises async-profiler collapsed stacks (bench/profile/run.sh Phases ... writes them): share of each thread,
then the main thread's samples by mechanism. Usage: analyze.py FILE.collapsed ..."""
import collections, sys
CATS = [
 ('BLAS (OpenBLAS sgemm/sgemv)', lambda fr: any('libopenblas' in f for f in fr)),
 ('native op compute (libnd4j)', lambda fr: any(('execCustomOp2' in f or 'Nd4jCpu.exec' in f) for f in fr) and not any('calculateOutputShape' in f for f in fr)),
 ('JavaCPP physical-memory check (/proc read)', lambda fr: any('physicalBytes' in f for f in fr)),
 ('allocation / deallocation (JavaCPP, ND4J buffers, malloc, page faults)', lambda fr: any(k in f for f in fr for k in ('Pointer.init','Pointer.deallocator','ArrayCacheMemoryMgr','createUninitialized','DataBufferFactory','NDArray.<init>','malloc','free','page_fault','Deallocator','Nd4j.create','BaseCpuDataBuffer.<init>','allocateArray'))),
 ('shape calculation', lambda fr: any('calculateOutputShape' in f for f in fr)),
 ('gradient-function build / graph copies', lambda fr: any(k in f for f in fr for k in ('createGradFunction','defineFunction','SameDiff.dup','cloneGraph','Kryo','asFlatBuffers'))),
 ('session bookkeeping (InferenceSession/TrainingSession: deps, maps, regex, subgraph)', lambda fr: any(k in f for f in fr for k in ('AbstractSession','InferenceSession','TrainingSession'))),
]
def load(path, thread='[main'):
    rows=[]
    for line in open(path):
        stack,n=line.rsplit(' ',1)
        fr=stack.split(';')
        if thread and not fr[0].startswith(thread): continue
        rows.append((fr,int(n)))
    return rows
def categorize(rows):
    tot=sum(n for _,n in rows); c=collections.Counter()
    for fr,n in rows:
        for name,pred in CATS:
            if pred(fr): c[name]+=n; break
        else: c['other (caller code, Java, JIT-compiled glue)']+=n
    return tot,c
def threads(path):
    c=collections.Counter(); tot=0
    for line in open(path):
        stack,n=line.rsplit(' ',1); n=int(n); tot+=n
        t=stack.split(';')[0]; t=t.split(' tid=')[0].strip('[')
        t=''.join(ch for ch in t if not ch.isdigit()).rstrip('#')
        c[t]+=n
    return tot,c
def inclusive(rows, keys):
    tot=sum(n for _,n in rows); out={}
    for k in keys: out[k]=sum(n for fr,n in rows if any(k in f for f in fr))/tot*100
    return out
if __name__=='__main__':
    for p in sys.argv[1:]:
        print('==', p)
        t,c=threads(p); print('  threads:', ', '.join(f"{k} {v/t*100:.1f}%" for k,v in c.most_common(6)))
        rows=load(p); tot,c=categorize(rows)
        print(f'  main thread: {tot} samples')
        for k,v in c.most_common(): print(f"   {v/tot*100:5.1f}%  {k}")
        inc=inclusive(rows,['initSubgraph','stripVarSuffix','getAndParameterizeOp','AbstractDependencyTracker','calculateOutputShapes2','physicalBytesInaccurate','page_fault','ArrayCacheMemoryMgr','Pointer.deallocator','Pointer.init','memcpy','memset','HashMap','createGradFunction','execCustomOp2','libopenblas'])
        print('  inclusive:', ', '.join(f"{k} {v:.1f}%" for k,v in inc.items()))
