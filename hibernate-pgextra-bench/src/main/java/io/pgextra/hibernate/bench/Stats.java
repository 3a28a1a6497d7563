package io.pgextra.hibernate.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The measured times of one variant in one configuration, in nanoseconds. */
final class Stats {

	private final List<Long> nanos = new ArrayList<>();
	private final List<Long> statements = new ArrayList<>();
	private final List<Long> cpu = new ArrayList<>();

	void add(long elapsedNanos, long statementCount, long cpuNanos) {
		nanos.add( elapsedNanos );
		statements.add( statementCount );
		cpu.add( cpuNanos );
	}

	/** CPU time of the benchmark thread: the client side's own work, whatever the server and the neighbours do. */
	double medianCpuMillis() {
		return median( cpu ) / 1e6;
	}

	int count() {
		return nanos.size();
	}

	long nanos(int repetition) {
		return nanos.get( repetition );
	}

	double medianMillis() {
		return median( nanos ) / 1e6;
	}

	double minMillis() {
		return Collections.min( nanos ) / 1e6;
	}

	double maxMillis() {
		return Collections.max( nanos ) / 1e6;
	}

	/** Statements Hibernate prepared per run (-1: not a Hibernate variant). */
	long medianStatements() {
		return (long) median( statements );
	}

	static double median(List<Long> values) {
		List<Long> sorted = new ArrayList<>( values );
		Collections.sort( sorted );
		int n = sorted.size();
		return n % 2 == 1 ? sorted.get( n / 2 ) : ( sorted.get( n / 2 - 1 ) + sorted.get( n / 2 ) ) / 2.0;
	}

	static double medianOfDoubles(List<Double> values) {
		List<Double> sorted = new ArrayList<>( values );
		Collections.sort( sorted );
		int n = sorted.size();
		return n % 2 == 1 ? sorted.get( n / 2 ) : ( sorted.get( n / 2 - 1 ) + sorted.get( n / 2 ) ) / 2.0;
	}
}
