package io.pgextra.hibernate.spring;

import io.pgextra.hibernate.spring.model.Item;
import io.pgextra.hibernate.spring.model.ItemRepository;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** A Spring Boot application as users write it: one data source, Boot's JPA auto-configuration, repositories. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EntityScan(basePackageClasses = Item.class)
@EnableJpaRepositories(basePackageClasses = ItemRepository.class)
public class TestApp {
}
