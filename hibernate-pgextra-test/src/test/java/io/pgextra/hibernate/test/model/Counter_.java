package io.pgextra.hibernate.test.model;

import jakarta.persistence.metamodel.SingularAttribute;
import jakarta.persistence.metamodel.StaticMetamodel;

/** JPA static metamodel of {@link Counter}, written as hibernate-processor would generate it; Hibernate fills it at boot. */
@StaticMetamodel(Counter.class)
public abstract class Counter_ {
	public static volatile SingularAttribute<Counter, Long> id;
	public static volatile SingularAttribute<Counter, String> name;
	public static volatile SingularAttribute<Counter, Integer> hits;
	public static volatile SingularAttribute<Counter, Long> revision;
	public static volatile SingularAttribute<Counter, String> label;

	public static final String NAME = "name";
	public static final String HITS = "hits";
	public static final String LABEL = "label";
}
