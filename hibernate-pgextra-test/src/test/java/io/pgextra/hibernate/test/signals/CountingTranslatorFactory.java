package io.pgextra.hibernate.test.signals;

import java.util.concurrent.atomic.AtomicInteger;

import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.spi.QueryParameterBindings;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.sql.SqmTranslator;
import org.hibernate.query.sqm.sql.StandardSqmTranslatorFactory;
import org.hibernate.query.sqm.tree.SqmDmlStatement;
import org.hibernate.query.sqm.tree.select.SqmSelectStatement;
import org.hibernate.sql.ast.spi.SqlAstCreationContext;
import org.hibernate.sql.ast.tree.MutationStatement;
import org.hibernate.sql.ast.tree.select.SelectStatement;

/** A user's SQM translator factory (set in {@code hibernate.query.sqm.translator}) that counts its translators. */
public class CountingTranslatorFactory extends StandardSqmTranslatorFactory {

	final AtomicInteger selects = new AtomicInteger();
	final AtomicInteger mutations = new AtomicInteger();

	@Override
	public SqmTranslator<SelectStatement> createSelectTranslator(SqmSelectStatement<?> sqmSelectStatement,
			QueryOptions queryOptions, DomainParameterXref domainParameterXref, QueryParameterBindings domainParameterBindings,
			LoadQueryInfluencers loadQueryInfluencers, SqlAstCreationContext creationContext, boolean deduplicateSelectionItems) {
		selects.incrementAndGet();
		return super.createSelectTranslator( sqmSelectStatement, queryOptions, domainParameterXref, domainParameterBindings,
				loadQueryInfluencers, creationContext, deduplicateSelectionItems );
	}

	@Override
	public SqmTranslator<? extends MutationStatement> createMutationTranslator(SqmDmlStatement<?> sqmDmlStatement,
			QueryOptions queryOptions, DomainParameterXref domainParameterXref, QueryParameterBindings domainParameterBindings,
			LoadQueryInfluencers loadQueryInfluencers, SqlAstCreationContext creationContext) {
		mutations.incrementAndGet();
		return super.createMutationTranslator( sqmDmlStatement, queryOptions, domainParameterXref, domainParameterBindings,
				loadQueryInfluencers, creationContext );
	}
}
