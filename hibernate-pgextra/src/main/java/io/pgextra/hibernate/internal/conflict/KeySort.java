package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.List;

/**
 * Sorts the row positions of a call into {@link KeyOrder}, stable, fast for the common keys: one part, all
 * {@code String}s, or all {@code Long}s, {@code Integer}s or {@code Short}s.
 * <p>
 * Why not {@code List.sort} with a comparator: sorting a million positions that way follows, in every one of the
 * ~20 million comparisons, a boxed position, the key array and the key object (and a String's bytes), each a cache
 * miss once the positions are shuffled; a JFR profile of a million-row bulk upsert had a quarter of the call's
 * client CPU samples in that sort (BENCHMARKS.md). Here each position travels with a {@code long} that orders like
 * its key (the key itself for integers; for strings four UTF-16 chars, after the prefix all keys share, packed
 * big-endian), and the merge sort compares those; only strings whose packed chars are equal are compared whole. The
 * order is exactly {@link KeyOrder}'s: {@code Long.compare} is {@code Long.compareTo}, and comparing packed chars
 * unsigned is {@code String.compareTo} on them (a shorter string packs zeros, and a tie is settled by
 * {@code compareTo}).
 */
final class KeySort {

	/** Below this many positions a run is sorted by insertion. */
	private static final int INSERTION = 32;

	private enum Kind { STRING, INTEGRAL }

	private final Object[] keys;
	private final Kind kind;
	private final long[] packed;
	private final long[] packedBuffer;
	private final int[] buffer;

	private KeySort(Object[] keys, Kind kind, int size) {
		this.keys = keys;
		this.kind = kind;
		this.packed = new long[size];
		this.packedBuffer = new long[size];
		this.buffer = new int[size];
	}

	/**
	 * @param keys the keys by row position ({@link ConflictPlan#keyObject}), none {@code null} among {@code positions}
	 * @return {@code positions} in key order, of equal keys the earlier position first
	 */
	static List<Integer> sort(Object[] keys, List<Integer> positions) {
		Kind kind = kindOf( keys, positions );
		if ( kind == null ) {
			List<Integer> sorted = new ArrayList<>( positions );
			sorted.sort( KeyOrder.byPosition( keys, positions ) );
			return sorted;
		}
		int n = positions.size();
		KeySort sort = new KeySort( keys, kind, n );
		int[] order = new int[n];
		for ( int i = 0; i < n; i++ ) {
			order[i] = positions.get( i );
		}
		int common = kind == Kind.STRING ? commonPrefix( keys, order ) : 0;
		for ( int i = 0; i < n; i++ ) {
			sort.packed[i] = kind == Kind.STRING ? pack( (String) keys[order[i]], common )
					: ( (Number) keys[order[i]] ).longValue();
		}
		sort.mergeSort( order, 0, n );
		return new Positions( order );
	}

	/**
	 * Sorted positions as a list, boxing on read: a list of boxed positions would hold a million Integers (16 MB)
	 * for the whole call.
	 */
	private static final class Positions extends java.util.AbstractList<Integer> implements java.util.RandomAccess {
		private final int[] positions;

		Positions(int[] positions) {
			this.positions = positions;
		}

		@Override
		public Integer get(int index) {
			return positions[index];
		}

		@Override
		public int size() {
			return positions.length;
		}
	}

	/** Whether every key is a String, or every key a Long, or every key an Integer, or every key a Short. */
	private static Kind kindOf(Object[] keys, List<Integer> positions) {
		if ( positions.isEmpty() ) {
			return null;
		}
		Class<?> common = keys[positions.get( 0 )].getClass();
		if ( common != String.class && common != Long.class && common != Integer.class && common != Short.class ) {
			return null;
		}
		for ( Integer position : positions ) {
			if ( keys[position].getClass() != common ) {
				// mixed classes: KeyOrder orders them by class name first
				return null;
			}
		}
		return common == String.class ? Kind.STRING : Kind.INTEGRAL;
	}

	private static int commonPrefix(Object[] keys, int[] order) {
		String first = (String) keys[order[0]];
		int common = first.length();
		for ( int i = 1; i < order.length && common > 0; i++ ) {
			String key = (String) keys[order[i]];
			int max = Math.min( common, key.length() );
			int j = 0;
			while ( j < max && key.charAt( j ) == first.charAt( j ) ) {
				j++;
			}
			common = j;
		}
		return common;
	}

	/** Four chars of {@code key} from {@code from}, zeros past its end, big-endian: unsigned order is char order. */
	static long pack(String key, int from) {
		long packed = 0;
		for ( int i = 0; i < 4; i++ ) {
			int at = from + i;
			packed = packed << 16 | ( at < key.length() ? key.charAt( at ) : 0 );
		}
		return packed;
	}

	private int compare(long packedA, int a, long packedB, int b) {
		if ( kind == Kind.INTEGRAL ) {
			return Long.compare( packedA, packedB );
		}
		int c = Long.compareUnsigned( packedA, packedB );
		return c != 0 ? c : ( (String) keys[a] ).compareTo( (String) keys[b] );
	}

	/** Stable merge sort of {@code order[from, to)} and its packed keys. */
	private void mergeSort(int[] order, int from, int to) {
		if ( to - from <= INSERTION ) {
			for ( int i = from + 1; i < to; i++ ) {
				int position = order[i];
				long key = packed[i];
				int j = i - 1;
				while ( j >= from && compare( packed[j], order[j], key, position ) > 0 ) {
					order[j + 1] = order[j];
					packed[j + 1] = packed[j];
					j--;
				}
				order[j + 1] = position;
				packed[j + 1] = key;
			}
			return;
		}
		int middle = ( from + to ) >>> 1;
		mergeSort( order, from, middle );
		mergeSort( order, middle, to );
		if ( compare( packed[middle - 1], order[middle - 1], packed[middle], order[middle] ) <= 0 ) {
			return;
		}
		System.arraycopy( order, from, buffer, from, to - from );
		System.arraycopy( packed, from, packedBuffer, from, to - from );
		int left = from;
		int right = middle;
		for ( int i = from; i < to; i++ ) {
			// the left run first on equal keys: stable
			if ( right >= to || left < middle
					&& compare( packedBuffer[left], buffer[left], packedBuffer[right], buffer[right] ) <= 0 ) {
				order[i] = buffer[left];
				packed[i] = packedBuffer[left++];
			}
			else {
				order[i] = buffer[right];
				packed[i] = packedBuffer[right++];
			}
		}
	}
}
